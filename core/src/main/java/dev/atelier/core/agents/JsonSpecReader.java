package dev.atelier.core.agents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.atelier.core.agents.SpecDocument.Position;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a JSON spec into a JSON tree, noting where each value starts. Strict: exactly one JSON
 * text, duplicate keys refused, nesting and number length limited.
 */
final class JsonSpecReader {

  static final int MAX_DEPTH = YamlSpecReader.MAX_DEPTH;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(YamlSpecReader.MAX_NUMBER_LENGTH)
                  .build())
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final Map<String, Position> positions = new HashMap<>();

  private JsonSpecReader() {}

  /** The tree of {@code content}, or the reason it has none. */
  static SpecDocument read(String content) throws SpecSyntaxException {
    return new JsonSpecReader().document(content);
  }

  private SpecDocument document(String content) throws SpecSyntaxException {
    JsonParser parser;
    try {
      parser = FACTORY.createParser(content);
    } catch (IOException e) {
      throw new SpecSyntaxException("is not valid JSON", null);
    }
    try (parser) {
      if (parser.nextToken() == null) {
        throw new SpecSyntaxException("the spec is empty", null);
      }
      JsonNode root = value(parser, "");
      if (parser.nextToken() != null) {
        throw new SpecSyntaxException(
            "must be a single JSON value, but more follows it",
            position(parser.currentTokenLocation()));
      }
      return new SpecDocument(root, Map.copyOf(positions));
    } catch (StreamConstraintsException e) {
      String message =
          e.getOriginalMessage() != null && e.getOriginalMessage().contains("nesting depth")
              ? "is nested too deeply (at most " + MAX_DEPTH + " levels)"
              : "has a number longer than " + YamlSpecReader.MAX_NUMBER_LENGTH + " characters";
      JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
      throw new SpecSyntaxException(message, position(at));
    } catch (JsonProcessingException e) {
      throw new SpecSyntaxException(describe(e.getOriginalMessage()), position(e.getLocation()));
    } catch (IOException e) {
      throw new SpecSyntaxException("is not valid JSON", null);
    }
  }

  /** Jackson's message without the parts that describe its own configuration. */
  private static String describe(String message) {
    if (message == null || message.isBlank()) {
      return "is not valid JSON";
    }
    String text = message;
    for (String tail : new String[] {" (start marker at", ": enable `", "\n"}) {
      int cut = text.indexOf(tail);
      text = cut < 0 ? text : text.substring(0, cut);
    }
    return text;
  }

  private static Position position(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? null
        : new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }

  /** The value whose first token is the parser's current one. */
  private JsonNode value(JsonParser parser, String pointer)
      throws IOException, SpecSyntaxException {
    Position at = position(parser.currentTokenLocation());
    positions.putIfAbsent(pointer, at);
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new SpecSyntaxException("ends too early", at);
    }
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String location = pointer + SpecDocument.segment(name);
          positions.put(location, position(parser.currentTokenLocation()));
          parser.nextToken();
          object.set(name, value(parser, location));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
          array.add(value(parser, pointer + "/" + i));
        }
        return array;
      case VALUE_STRING:
        return TextNode.valueOf(parser.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        BigDecimal number = parser.getDecimalValue();
        if (!SpecDocument.inRange(number)) {
          throw new SpecSyntaxException(SpecError.at(pointer, at, SpecDocument.OUT_OF_RANGE));
        }
        return SpecDocument.number(number);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return BooleanNode.valueOf(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return NullNode.getInstance();
      default:
        throw new SpecSyntaxException("is not valid JSON", at);
    }
  }
}
