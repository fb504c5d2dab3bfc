package dev.atelier.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.api.Names;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The JSON Schema of what the API's JSON binding writes for a record: snake_case members, every one
 * present, {@code null} allowed unless the component is a primitive. The tools' output schemas are
 * derived from the very records they return, so they cannot drift apart.
 */
final class RecordSchemas {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RecordSchemas() {}

  /** The schema of {@code type}, a record, as an object that is never null. */
  static ObjectNode of(Class<?> type) {
    return object(type, false);
  }

  /**
   * The schema of a {@code Page} of {@code item} records: {@code {items, total, limit, offset}}.
   */
  static ObjectNode page(Class<?> item) {
    ObjectNode schema = JSON.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("items").put("type", "array").set("items", object(item, false));
    properties.putObject("total").put("type", "integer");
    properties.putObject("limit").put("type", "integer");
    properties.putObject("offset").put("type", "integer");
    schema.putArray("required").add("items").add("total").add("limit").add("offset");
    return schema;
  }

  private static ObjectNode object(Class<?> type, boolean nullable) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type + " is not a record");
    }
    ObjectNode schema = JSON.objectNode();
    schema.set("type", nullable ? types("object", true) : JSON.textNode("object"));
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (RecordComponent c : type.getRecordComponents()) {
      String name = Names.snakeCase(c.getName());
      properties.set(name, value(c.getType(), c.getGenericType()));
      required.add(name);
    }
    return schema;
  }

  private static JsonNode value(Class<?> type, Type generic) {
    ObjectNode schema = JSON.objectNode();
    boolean nullable = !type.isPrimitive();
    if (type == String.class || type == Instant.class) {
      schema.set("type", types("string", nullable));
    } else if (type == int.class
        || type == long.class
        || type == Integer.class
        || type == Long.class) {
      schema.set("type", types("integer", nullable));
    } else if (type == double.class || type == Double.class || type == BigDecimal.class) {
      schema.set("type", types("number", nullable));
    } else if (type == boolean.class || type == Boolean.class) {
      schema.set("type", types("boolean", nullable));
    } else if (type == List.class && generic instanceof ParameterizedType p) {
      Type item = p.getActualTypeArguments()[0];
      Class<?> itemClass =
          (Class<?>) (item instanceof ParameterizedType ip ? ip.getRawType() : item);
      schema.set("type", types("array", true));
      schema.set("items", itemClass.isRecord() ? object(itemClass, false) : value(itemClass, item));
    } else if (type.isRecord()) {
      return object(type, true);
    } else {
      throw new IllegalArgumentException("no schema for " + type);
    }
    return schema;
  }

  private static JsonNode types(String type, boolean nullable) {
    return nullable ? JSON.arrayNode().add(type).add("null") : JSON.textNode(type);
  }
}
