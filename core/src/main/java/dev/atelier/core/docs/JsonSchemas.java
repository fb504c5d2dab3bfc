package dev.atelier.core.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.api.Names;
import dev.atelier.plugin.api.web.Page;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) of the Java types the API reads and writes, as
 * JSON-B writes them: records become named component schemas with snake_case properties; lists,
 * maps, enums, numbers and times are described in place.
 *
 * <p>A record used in a response (or inside one) has every property required (JSON-B writes nulls),
 * and a property whose {@code @Schema(nullable = true)} says it may be null has the type {@code [T,
 * "null"]}. A record used only as a request body requires the properties whose
 * {@code @Schema(required = true)} says so; {@code @Schema(requiredProperties = ...)} on the record
 * itself names its required properties instead, in both directions (for a record that is not
 * written by JSON-B and leaves absent members out). {@code @Schema} on a record component also
 * gives its description, format, lengths, bounds, enumeration and example.
 */
final class JsonSchemas {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String REF = "#/components/schemas/";

  private final Map<Class<?>, String> names = new HashMap<>();
  private final Map<String, ObjectNode> components = new TreeMap<>();
  private final Set<Class<?>> responses = new java.util.HashSet<>();

  /** The schema of {@code type} where it is read (a request) or written (a response). */
  ObjectNode schema(Type type, boolean response) {
    if (type instanceof WildcardType w) {
      return schema(w.getUpperBounds()[0], response);
    }
    if (type instanceof GenericArrayType g) {
      return array(schema(g.getGenericComponentType(), response));
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return array(schema(args[0], response));
      }
      if (Map.class.isAssignableFrom(raw)) {
        ObjectNode s = typed("object");
        s.set("additionalProperties", schema(args[1], response));
        return s;
      }
      if (raw == Optional.class) {
        return schema(args[0], response);
      }
      if (raw == Page.class) {
        return page(args[0], response);
      }
      return schema(raw, response);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == char.class || c == Character.class) {
      return typed("string");
    }
    if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
      return typed("integer").put("format", "int32");
    }
    if (c == long.class || c == Long.class || c == BigInteger.class) {
      return typed("integer").put("format", "int64");
    }
    if (c == double.class || c == Double.class || c == BigDecimal.class) {
      return typed("number").put("format", "double");
    }
    if (c == float.class || c == Float.class) {
      return typed("number").put("format", "float");
    }
    if (c == boolean.class || c == Boolean.class) {
      return typed("boolean");
    }
    if (c == Instant.class || c == OffsetDateTime.class) {
      return typed("string").put("format", "date-time");
    }
    if (c == LocalDate.class) {
      return typed("string").put("format", "date");
    }
    if (c == UUID.class) {
      return typed("string").put("format", "uuid");
    }
    if (c == byte[].class) {
      return typed("string").put("contentMediaType", "application/octet-stream");
    }
    if (c.isArray()) {
      return array(schema(c.getComponentType(), response));
    }
    if (c.isEnum()) {
      ObjectNode s = typed("string");
      ArrayNode values = s.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
      }
      return s;
    }
    if (c.isRecord()) {
      if (response) {
        responses.add(c);
      }
      return ref(component(c));
    }
    // JsonValue, Object, a class of its own: any JSON
    return JSON.objectNode();
  }

  /** A reference to the named component {@code name}. */
  static ObjectNode ref(String name) {
    return JSON.objectNode().put("$ref", REF + name);
  }

  /** Registers a component schema written by hand (the problem document, say). */
  void add(String name, ObjectNode schema) {
    components.put(name, schema);
  }

  /** The component schemas, by name, with the required properties of response records set. */
  ObjectNode components() {
    markResponses();
    names.forEach(
        (type, name) -> {
          ObjectNode s = components.get(name);
          ArrayNode required = JSON.arrayNode();
          Schema typeDoc = type.getAnnotation(Schema.class);
          if (typeDoc != null && typeDoc.requiredProperties().length > 0) {
            // a record not written by JSON-B (a JSON-RPC message, say) names what it always has
            for (String property : typeDoc.requiredProperties()) {
              required.add(property);
            }
            s.set("required", required);
            return;
          }
          for (RecordComponent rc : type.getRecordComponents()) {
            Schema declared = declared(type, rc);
            if (responses.contains(type) || (declared != null && declared.required())) {
              required.add(Names.property(rc));
            }
          }
          if (!required.isEmpty()) {
            s.set("required", required);
          }
        });
    ObjectNode out = JSON.objectNode();
    components.forEach(out::set);
    return out;
  }

  /** The records inside response records are written in responses too. */
  private void markResponses() {
    java.util.Deque<Class<?>> todo = new java.util.ArrayDeque<>(responses);
    while (!todo.isEmpty()) {
      Class<?> record = todo.pop();
      for (RecordComponent rc : record.getRecordComponents()) {
        for (Class<?> inner : records(rc.getGenericType())) {
          if (responses.add(inner)) {
            todo.push(inner);
          }
        }
      }
    }
  }

  /** The record classes {@code type} names, through its type arguments. */
  private static Set<Class<?>> records(Type type) {
    Set<Class<?>> out = new java.util.HashSet<>();
    if (type instanceof Class<?> c) {
      if (c.isRecord()) {
        out.add(c);
      } else if (c.isArray()) {
        out.addAll(records(c.getComponentType()));
      }
    } else if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        out.addAll(records(arg));
      }
    } else if (type instanceof WildcardType w) {
      out.addAll(records(w.getUpperBounds()[0]));
    } else if (type instanceof GenericArrayType g) {
      out.addAll(records(g.getGenericComponentType()));
    }
    return out;
  }

  /** Registers a record's schema under a name free in the document and returns the name. */
  private String component(Class<?> record) {
    String known = names.get(record);
    if (known != null) {
      return known;
    }
    String name = record.getSimpleName();
    if (components.containsKey(name)) {
      Class<?> outer = record.getEnclosingClass();
      name = (outer == null ? "" : outer.getSimpleName().replaceFirst("Resource$", "")) + name;
    }
    for (int i = 2; components.containsKey(name); i++) {
      name = record.getSimpleName() + i;
    }
    names.put(record, name);
    ObjectNode s = typed("object");
    components.put(name, s); // before the members, so a member referring back finds it
    Schema typeDoc = record.getAnnotation(Schema.class);
    if (typeDoc != null && !typeDoc.description().isBlank()) {
      s.put("description", typeDoc.description());
    }
    ObjectNode properties = s.putObject("properties");
    for (RecordComponent rc : record.getRecordComponents()) {
      ObjectNode property = schema(rc.getGenericType(), false);
      Schema declared = declared(record, rc);
      if (declared != null) {
        property = describe(property, declared);
      }
      properties.set(Names.property(rc), property);
    }
    return name;
  }

  /** {@code schema} with what {@code @Schema} on a component or parameter says. */
  static ObjectNode describe(ObjectNode schema, Schema declared) {
    ObjectNode s = schema;
    if (schema.has("$ref")
        && (!declared.description().isBlank() || declared.nullable() || declared.readOnly())) {
      // a reference takes no siblings in older tools: wrap it
      s = JSON.objectNode();
      s.putArray("allOf").add(schema);
    }
    if (!declared.description().isBlank()) {
      s.put("description", declared.description());
    }
    if (!declared.format().isBlank()) {
      s.put("format", declared.format());
    }
    if (declared.maxLength() != Integer.MAX_VALUE) {
      s.put("maxLength", declared.maxLength());
    }
    if (declared.minLength() > 0) {
      s.put("minLength", declared.minLength());
    }
    if (!declared.minimum().isBlank()) {
      s.put("minimum", new BigDecimal(declared.minimum()));
    }
    if (!declared.maximum().isBlank()) {
      s.put("maximum", new BigDecimal(declared.maximum()));
    }
    if (!declared.pattern().isBlank()) {
      s.put("pattern", declared.pattern());
    }
    if (declared.enumeration().length > 0) {
      ArrayNode values = s.putArray("enum");
      for (String v : declared.enumeration()) {
        values.add(v);
      }
    }
    if (!declared.example().isBlank()) {
      s.putArray("examples").add(declared.example());
    }
    if (!declared.defaultValue().isBlank()) {
      s.put("default", declared.defaultValue());
    }
    if (declared.readOnly()) {
      s.put("readOnly", true);
    }
    if (declared.nullable()) {
      nullable(s);
    }
    return s;
  }

  /** Lets {@code s} be null too. */
  static void nullable(ObjectNode s) {
    if (s.has("type") && s.get("type").isTextual()) {
      String type = s.get("type").asText();
      s.putArray("type").add(type).add("null");
      if (s.has("enum")) {
        ((ArrayNode) s.get("enum")).addNull();
      }
    } else if (s.has("allOf")) {
      ArrayNode any = JSON.arrayNode();
      any.add(s.get("allOf").get(0)).add(JSON.objectNode().put("type", "null"));
      s.remove("allOf");
      s.set("anyOf", any);
    }
  }

  private static Schema declared(Class<?> record, RecordComponent rc) {
    try {
      Field f = record.getDeclaredField(rc.getName());
      Schema s = f.getAnnotation(Schema.class);
      return s != null ? s : rc.getAccessor().getAnnotation(Schema.class);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  /**
   * A page of {@code item}: a component of its own named for a record item ({@code ProjectPage} for
   * pages of {@code ProjectView}), so that generated clients get a named type, in place otherwise.
   */
  private ObjectNode page(Type item, boolean response) {
    ObjectNode items = schema(item, response);
    if (!items.has("$ref")) {
      return page(items, "One page of a list");
    }
    String itemName = items.get("$ref").asText().substring(REF.length());
    String name =
        (itemName.endsWith("View") ? itemName.substring(0, itemName.length() - 4) : itemName)
            + "Page";
    components.putIfAbsent(name, page(items, "One page of a list of " + itemName));
    return ref(name);
  }

  private static ObjectNode page(ObjectNode items, String description) {
    ObjectNode s = typed("object");
    s.put("description", description);
    ObjectNode p = s.putObject("properties");
    p.set("items", array(items));
    p.set(
        "total",
        typed("integer").put("format", "int64").put("description", "Items in the whole list"));
    p.set(
        "limit",
        typed("integer").put("format", "int32").put("description", "The page size asked for"));
    p.set(
        "offset",
        typed("integer").put("format", "int32").put("description", "Items skipped before it"));
    s.putArray("required").add("items").add("total").add("limit").add("offset");
    return s;
  }

  private static ObjectNode array(ObjectNode items) {
    ObjectNode s = typed("array");
    s.set("items", items);
    return s;
  }

  static ObjectNode typed(String type) {
    return JSON.objectNode().put("type", type);
  }
}
