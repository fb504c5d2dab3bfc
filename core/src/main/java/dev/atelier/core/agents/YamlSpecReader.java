package dev.atelier.core.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.atelier.core.agents.SpecDocument.Position;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a YAML spec into a JSON tree, hardened against hostile input.
 *
 * <p>SnakeYAML only <em>composes</em> nodes here: nothing is ever constructed, so no Java type can
 * be instantiated whatever the document says, and any explicit tag ({@code !!java.lang.Runtime},
 * {@code !!binary}, {@code !foo}, even {@code !!str}) is refused. The document must be exactly one;
 * scalars resolve by the YAML 1.2 core schema ({@link CoreSchemaResolver}). Limits: the loader's
 * code-point limit, its nesting depth and its alias count for lists and mappings (the "billion
 * laughs"), and, since an alias repeats what it refers to, a budget of values and of text for the
 * whole tree after aliases are expanded; an alias that refers to a value containing itself is
 * refused. Duplicate keys are refused.
 */
final class YamlSpecReader {

  static final int MAX_ALIASES = 10;
  static final int MAX_DEPTH = 16;
  static final int MAX_VALUES = 10_000;
  static final int MAX_TEXT = 1 << 20;
  static final int MAX_NUMBER_LENGTH = 100;

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final Map<String, Position> positions = new HashMap<>();
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private int values;
  private long text;

  private YamlSpecReader() {}

  /**
   * The tree of {@code content} (at most {@code maxCodePoints} long), or the reason it has none.
   */
  static SpecDocument read(String content, int maxCodePoints) throws SpecSyntaxException {
    return new YamlSpecReader().document(content, maxCodePoints);
  }

  private SpecDocument document(String content, int maxCodePoints) throws SpecSyntaxException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(maxCodePoints);
    options.setProcessComments(false);
    options.setMergeOnCompose(false);
    options.setTagInspector(tag -> false);
    Parser parser = new TaglessParser(new ParserImpl(new StreamReader(content), options));
    Composer composer = new Composer(parser, new CoreSchemaResolver(), options);
    Node root;
    try {
      if (!composer.checkNode()) {
        throw new SpecSyntaxException("the spec is empty", null);
      }
      root = composer.getNode();
      if (composer.checkNode()) {
        throw new SpecSyntaxException(
            "must be a single YAML document, but a second one starts here",
            position(parser.peekEvent().getStartMark()));
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() == null ? "is not valid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new SpecSyntaxException(describe(problem + context), position(mark));
    } catch (ReaderException e) {
      throw new SpecSyntaxException(
          String.format("has a character that YAML does not allow (U+%04X)", e.getCodePoint()),
          position(content, e.getPosition()));
    } catch (YAMLException e) {
      throw new SpecSyntaxException(describe(e.getMessage()), null);
    }
    JsonNode tree = convert(root, "", position(root.getStartMark()), 1);
    return new SpecDocument(tree, Map.copyOf(positions));
  }

  /** SnakeYAML's words for a limit it enforced, in ours. */
  private static String describe(String message) {
    if (message == null) {
      return "is not valid YAML";
    }
    if (message.contains("aliases for non-scalar nodes")) {
      return "uses too many aliases of lists or mappings (at most " + MAX_ALIASES + ")";
    }
    if (message.contains("Nesting Depth")) {
      return "is nested too deeply (at most " + MAX_DEPTH + " levels)";
    }
    if (message.contains("exceeds the limit")) {
      return "is too large";
    }
    return message;
  }

  /** The line and column of the code point at {@code index} in {@code content}. */
  private static Position position(String content, int index) {
    int line = 1;
    int column = 1;
    for (int i = 0, n = 0; i < content.length() && n < index; n++) {
      int c = content.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Position(line, column);
  }

  private static Position position(Mark mark) {
    return mark == null ? null : new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private JsonNode convert(Node node, String pointer, Position at, int depth)
      throws SpecSyntaxException {
    positions.put(pointer, at);
    if (++values > MAX_VALUES) {
      throw new SpecSyntaxException(
          "expands to more than " + MAX_VALUES + " values (through aliases)", at);
    }
    if (depth > MAX_DEPTH) {
      throw new SpecSyntaxException("is nested too deeply (at most " + MAX_DEPTH + " levels)", at);
    }
    if (!open.add(node)) {
      throw new SpecSyntaxException("an alias refers to a value that contains it", at);
    }
    try {
      if (node instanceof ScalarNode scalar) {
        return scalar(scalar, pointer, at);
      }
      if (node instanceof SequenceNode sequence) {
        return sequence(sequence.getValue(), pointer, depth);
      }
      if (node instanceof MappingNode mapping) {
        return mapping(mapping.getValue(), pointer, depth);
      }
      throw new SpecSyntaxException("is not valid YAML", at);
    } finally {
      open.remove(node);
    }
  }

  private JsonNode scalar(ScalarNode node, String pointer, Position at) throws SpecSyntaxException {
    String value = node.getValue();
    text += value.length();
    if (text > MAX_TEXT) {
      throw new SpecSyntaxException(
          "expands to more than " + MAX_TEXT + " characters of text (through aliases)", at);
    }
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return NullNode.getInstance();
    }
    if (Tag.BOOL.equals(tag)) {
      return BooleanNode.valueOf(Character.toLowerCase(value.charAt(0)) == 't');
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      BigDecimal number = value.length() > MAX_NUMBER_LENGTH ? null : number(value, tag);
      if (number == null || !SpecDocument.inRange(number)) {
        throw new SpecSyntaxException(SpecError.at(pointer, at, SpecDocument.OUT_OF_RANGE));
      }
      return SpecDocument.number(number);
    }
    return TextNode.valueOf(value);
  }

  /** A core-schema int or float as a number; null if it has no finite value. */
  private static BigDecimal number(String value, Tag tag) {
    try {
      if (Tag.FLOAT.equals(tag)) {
        return new BigDecimal(value);
      }
      if (value.startsWith("0o")) {
        return new BigDecimal(new BigInteger(value.substring(2), 8));
      }
      if (value.startsWith("0x")) {
        return new BigDecimal(new BigInteger(value.substring(2), 16));
      }
      return new BigDecimal(new BigInteger(value));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private ArrayNode sequence(List<Node> items, String pointer, int depth)
      throws SpecSyntaxException {
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      array.add(convert(item, pointer + "/" + i, position(item.getStartMark()), depth + 1));
    }
    return array;
  }

  private ObjectNode mapping(List<NodeTuple> members, String pointer, int depth)
      throws SpecSyntaxException {
    ObjectNode object = NODES.objectNode();
    for (NodeTuple member : members) {
      Node keyNode = member.getKeyNode();
      Position keyAt = position(keyNode.getStartMark());
      if (!(keyNode instanceof ScalarNode key)) {
        throw new SpecSyntaxException(
            "has a key that is a list or a mapping; keys must be plain text", keyAt);
      }
      String name = key.getValue();
      String location = pointer + SpecDocument.segment(name);
      if (object.has(name)) {
        throw new SpecSyntaxException(
            SpecError.at(location, keyAt, "is given more than once (duplicate key)"));
      }
      object.set(name, convert(member.getValueNode(), location, keyAt, depth + 1));
    }
    return object;
  }

  /** Refuses every explicit tag, before the composer sees it. */
  private record TaglessParser(Parser parser) implements Parser {

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event event = parser.getEvent();
      String tag =
          event instanceof ScalarEvent scalar
              ? scalar.getTag()
              : event instanceof CollectionStartEvent start ? start.getTag() : null;
      if (tag != null) {
        throw new RefusedTag(event.getStartMark());
      }
      return event;
    }
  }

  /** An explicit tag in the document. */
  private static final class RefusedTag extends MarkedYAMLException {
    private static final long serialVersionUID = 1L;

    RefusedTag(Mark mark) {
      super(null, null, "uses a YAML tag; tags are not allowed", mark);
    }
  }
}
