package dev.atelier.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The order inside each feature package: a resource only translates HTTP to calls of its feature's
 * service, which owns the transactions and the queries; nothing but a resource depends on one.
 */
class LayeringTest {

  private static final Path CORE = Path.of("src/main/java/dev/atelier/core");

  /** Where the plugin host keeps its own administration queries for now. */
  private static final List<String> NOT_YET = List.of("PluginsAdminResource.java");

  private static final Pattern PERSISTENCE =
      Pattern.compile(
          "import jakarta\\.persistence\\.|import dev\\.atelier\\.core\\.persistence\\.Transactions;"
              + "|createQuery\\(|\\bem\\.(find|persist|remove)\\(");

  private static final Pattern RESOURCE_TYPE = Pattern.compile("\\b[A-Z]\\w*Resource\\b");

  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(CORE)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void resourcesHoldNoQueriesAndNoTransactions() {
    List<String> offenders =
        sources().stream()
            .filter(f -> f.getFileName().toString().endsWith("Resource.java"))
            .filter(f -> !NOT_YET.contains(f.getFileName().toString()))
            .filter(f -> PERSISTENCE.matcher(read(f)).find())
            .map(Path::toString)
            .toList();
    assertEquals(List.of(), offenders);
  }

  @Test
  void onlyTheApplicationKnowsResources() {
    List<String> offenders =
        sources().stream()
            .filter(f -> !f.getFileName().toString().endsWith("Resource.java"))
            .filter(f -> !f.getFileName().toString().equals("RestApplication.java"))
            .filter(f -> RESOURCE_TYPE.matcher(COMMENT.matcher(read(f)).replaceAll("")).find())
            .map(Path::toString)
            .toList();
    assertEquals(List.of(), offenders);
  }
}
