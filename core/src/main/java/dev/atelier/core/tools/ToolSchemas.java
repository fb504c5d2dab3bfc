package dev.atelier.core.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tools' input schemas (JSON Schema 2020-12), compiled once per schema text, and the checking of
 * call arguments against them. A schema never loads anything from elsewhere: a {@code $ref} must
 * point inside the schema itself.
 */
public final class ToolSchemas {

  /** Reads exactly one JSON value; also writes the tools' JSON answers. */
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          b -> b.schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance())));
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** The compiled form of {@code schema}; IllegalArgumentException when it is not a schema. */
  public JsonSchema compile(String schema) {
    JsonSchema known = compiled.get(schema);
    if (known != null) {
      return known;
    }
    JsonNode node = parse(schema);
    if (!node.isObject()) {
      throw new IllegalArgumentException("a schema must be a JSON object");
    }
    JsonSchema s;
    try {
      s = factory.getSchema(node);
      s.initializeValidators();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    }
    compiled.put(schema, s);
    return s;
  }

  /**
   * The arguments of a call: {@code {}} when absent; IllegalArgumentException when the text is not
   * one JSON value.
   */
  static JsonNode arguments(String json) {
    return json == null || json.isBlank() ? JSON.createObjectNode() : parse(json);
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      throw new IllegalArgumentException("no JSON text");
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** What is wrong with {@code arguments} for {@code schema}, in order; empty when they fit. */
  public List<String> check(String schema, JsonNode arguments) {
    return compile(schema).validate(arguments).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .toList();
  }
}
