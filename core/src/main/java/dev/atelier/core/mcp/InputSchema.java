package dev.atelier.core.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A tool's input schema as it is written: an object of named, described arguments. */
final class InputSchema {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ObjectNode root = JSON.objectNode().put("type", "object");
  private final ObjectNode properties = root.putObject("properties");
  private final ArrayNode required = JSON.arrayNode();

  /** A string of at most {@code maxLength} characters ({@code Integer.MAX_VALUE}: no limit). */
  InputSchema text(String name, String description, int maxLength, boolean isRequired) {
    ObjectNode p = properties.putObject(name).put("type", "string");
    p.put("description", description);
    if (isRequired) {
      p.put("minLength", 1);
      required.add(name);
    }
    if (maxLength < Integer.MAX_VALUE) {
      p.put("maxLength", maxLength);
    }
    return this;
  }

  InputSchema integer(String name, String description, long min, long max, boolean isRequired) {
    properties
        .putObject(name)
        .put("type", "integer")
        .put("description", description)
        .put("minimum", min)
        .put("maximum", max);
    if (isRequired) {
      required.add(name);
    }
    return this;
  }

  InputSchema bool(String name, String description) {
    properties.putObject(name).put("type", "boolean").put("description", description);
    return this;
  }

  /** A string that is one of {@code values}; optional. */
  InputSchema choice(String name, String description, List<String> values) {
    ObjectNode p = properties.putObject(name).put("type", "string");
    p.put("description", description);
    ArrayNode e = p.putArray("enum");
    values.forEach(e::add);
    return this;
  }

  ObjectNode done() {
    if (!required.isEmpty()) {
      root.set("required", required);
    }
    return root;
  }
}
