package dev.atelier.core.agents;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Resolves plain YAML scalars by the YAML 1.2 core schema instead of SnakeYAML's YAML 1.1 rules:
 * only {@code true}/{@code false} are booleans (so a tool named {@code on} or {@code no} stays a
 * string), numbers are decimal, {@code 0o} octal or {@code 0x} hexadecimal without underscores or
 * sexagesimal forms, {@code .inf} and {@code .nan} are strings, there are no timestamps and {@code
 * <<} is an ordinary key, never a merge.
 */
final class CoreSchemaResolver extends Resolver {

  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL");
  private static final Pattern EMPTY = Pattern.compile("");

  @Override
  protected void addImplicitResolvers() {
    addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
    addImplicitResolver(Tag.INT, INT, "-+0123456789");
    addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
    addImplicitResolver(Tag.NULL, NULL, "~nN");
    addImplicitResolver(Tag.NULL, EMPTY, null);
  }
}
