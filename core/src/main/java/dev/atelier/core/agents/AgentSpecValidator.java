package dev.atelier.core.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates agent specs: hardened parsing ({@link YamlSpecReader}, {@link JsonSpecReader}), then
 * the published JSON Schema ({@code schemas/agent-spec.schema.json}, draft 2020-12, checked by
 * networknt's validator), then what a schema cannot say: every tool that needs approval is one of
 * the agent's tools, and the name is not one the API's own paths use. Stateless and thread-safe.
 */
final class AgentSpecValidator {

  /** The largest spec, in UTF-8 bytes. */
  static final int MAX_BYTES = 256 * 1024;

  /** Names that {@code /api/v1/agents/{name}} cannot address, since those paths are routes. */
  static final Set<String> RESERVED_NAMES = Set.of("schema", "validate");

  private static final String SCHEMA_RESOURCE = "/schemas/agent-spec.schema.json";
  private static final String SCHEMA_TEXT = load();
  private static final JsonNode SCHEMA_TREE = tree(SCHEMA_TEXT);
  private static final JsonSchema SCHEMA = compile(SCHEMA_TREE);

  /** Messages for the schema's patterns, by the pattern's place in the schema. */
  private static final Map<String, String> PATTERN_MESSAGES =
      Map.of(
          "/properties/name/pattern",
          "must be 1-64 lowercase letters, digits or dashes, not starting or ending with a dash",
          "/properties/model/pattern",
          "must be <provider>:<model>, such as openai:gpt-4o-mini (a provider id of lowercase"
              + " letters, digits and dashes, then 1-200 visible ASCII characters)",
          "/$defs/tool_name/pattern",
          "must be 1-64 lowercase letters, digits or underscores");

  private static final Map<String, String> TYPE_WORDS =
      Map.of(
          "string", "a string",
          "integer", "an integer",
          "number", "a number",
          "array", "a list",
          "object", "an object (a mapping of fields)",
          "boolean", "true or false");

  private static final Comparator<SpecError> SOURCE_ORDER =
      Comparator.comparing(SpecError::line, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(SpecError::column, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(SpecError::location);

  private AgentSpecValidator() {}

  /** The JSON Schema of a spec, as published. */
  static String schema() {
    return SCHEMA_TEXT;
  }

  /** Validates {@code content}, written in {@code format}. */
  static SpecValidation validate(String content, SpecFormat format) {
    if (content.length() > MAX_BYTES || utf8Length(content) > MAX_BYTES) {
      return invalid(
          null,
          List.of(
              new SpecError(
                  "", null, null, "is larger than 256 KiB (" + MAX_BYTES + " bytes of UTF-8)")));
    }
    SpecDocument doc;
    try {
      doc =
          format == SpecFormat.YAML
              ? YamlSpecReader.read(content, MAX_BYTES)
              : JsonSpecReader.read(content);
    } catch (SpecSyntaxException e) {
      return invalid(null, List.of(e.error()));
    }
    JsonNode root = doc.root();
    String name = root.path("name").isTextual() ? root.path("name").asText() : null;
    List<SpecError> errors = new ArrayList<>();
    for (ValidationMessage m : SCHEMA.validate(root)) {
      errors.add(translate(m, doc));
    }
    checkBeyondSchema(root, doc, errors);
    if (!errors.isEmpty()) {
      return invalid(name, errors);
    }
    return new SpecValidation(name, spec(root), List.of());
  }

  private static SpecValidation invalid(String name, List<SpecError> errors) {
    List<SpecError> sorted = new ArrayList<>(new LinkedHashSet<>(errors));
    sorted.sort(SOURCE_ORDER);
    return new SpecValidation(name, null, List.copyOf(sorted));
  }

  /** The validator's finding in our words, at the most precise location. */
  private static SpecError translate(ValidationMessage m, SpecDocument doc) {
    String location = m.getInstanceLocation().toString();
    Object[] args = m.getArguments() == null ? new Object[0] : m.getArguments();
    String limit = args.length > 0 ? String.valueOf(args[0]) : "";
    String fragment = m.getSchemaLocation().getFragment().toString();
    String message;
    switch (m.getType()) {
      case "required" -> {
        location += SpecDocument.segment(m.getProperty());
        message = "is required";
      }
      case "additionalProperties" -> {
        location += SpecDocument.segment(m.getProperty());
        message = "is not a known field";
      }
      case "type" -> message = "must be " + typeWords(SCHEMA_TREE.at(fragment));
      case "pattern" -> message = PATTERN_MESSAGES.getOrDefault(fragment, m.getError());
      case "minLength" ->
          message = "1".equals(limit) ? "must not be empty" : "must be at least " + limit + " long";
      case "maxLength" -> message = "must be at most " + limit + " characters long";
      case "minimum" -> message = "must be at least " + limit;
      case "maximum" -> message = "must be at most " + limit;
      case "minItems" -> message = "must have at least " + limit + " items";
      case "maxItems" -> message = "must have at most " + limit + " items";
      case "uniqueItems" -> {
        location += "/" + firstRepeat(m.getInstanceNode());
        message = "is listed more than once";
      }
      default -> message = m.getError();
    }
    return SpecError.at(location, doc.near(location), message);
  }

  private static String typeWords(JsonNode type) {
    List<String> words = new ArrayList<>();
    for (JsonNode t : type.isArray() ? type : List.of(type)) {
      if (!"null".equals(t.asText())) {
        words.add(TYPE_WORDS.getOrDefault(t.asText(), t.asText()));
      }
    }
    return String.join(" or ", words);
  }

  /** The index of the first item of {@code array} equal to an earlier one. */
  private static int firstRepeat(JsonNode array) {
    Set<JsonNode> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!seen.add(array.get(i))) {
        return i;
      }
    }
    return 0;
  }

  /** The rules a JSON Schema cannot express. */
  private static void checkBeyondSchema(JsonNode root, SpecDocument doc, List<SpecError> errors) {
    JsonNode name = root.path("name");
    if (name.isTextual() && RESERVED_NAMES.contains(name.asText())) {
      errors.add(SpecError.at("/name", doc.near("/name"), "is reserved; choose another name"));
    }
    JsonNode approvals = root.path("approval_required");
    if (!approvals.isArray()) {
      return;
    }
    Set<String> tools = new HashSet<>(strings(root.path("tools")));
    for (int i = 0; i < approvals.size(); i++) {
      JsonNode tool = approvals.get(i);
      if (tool.isTextual() && !tools.contains(tool.asText())) {
        String location = "/approval_required/" + i;
        errors.add(SpecError.at(location, doc.near(location), "is not one of the agent's tools"));
      }
    }
  }

  private static AgentSpec spec(JsonNode root) {
    JsonNode maxSteps = root.path("max_steps");
    JsonNode temperature = root.path("temperature");
    JsonNode tokenBudget = root.path("token_budget");
    JsonNode description = root.path("description");
    return new AgentSpec(
        root.path("name").asText(),
        description.isTextual() ? description.asText() : null,
        root.path("model").asText(),
        root.path("instructions").asText(),
        strings(root.path("tools")),
        maxSteps.isNumber() ? maxSteps.asInt() : AgentSpec.DEFAULT_MAX_STEPS,
        temperature.isNumber() ? temperature.asDouble() : null,
        tokenBudget.isNumber() ? tokenBudget.asLong() : null,
        strings(root.path("approval_required")),
        strings(root.path("labels")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(item -> out.add(item.asText()));
    }
    return out;
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private static String load() {
    try (InputStream in = AgentSpecValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSchema compile(JsonNode tree) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ENGLISH)
            .regularExpressionFactory(AgentSpecValidator::ecmaRegex)
            .build();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(tree, config);
    schema.initializeValidators();
    return schema;
  }

  /**
   * A JDK regular expression with one ECMA-262 rule that JSON Schema assumes: a final {@code $}
   * matches only at the very end, not before a trailing line break (so {@code "abc\n"} does not
   * match {@code ^[a-z]+$}).
   */
  private static RegularExpression ecmaRegex(String regex) {
    Pattern p = Pattern.compile(endAnchoredAtEnd(regex));
    return value -> p.matcher(value).find();
  }

  static String endAnchoredAtEnd(String regex) {
    int backslashes = 0;
    for (int i = regex.length() - 2; i >= 0 && regex.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return regex.endsWith("$") && backslashes % 2 == 0
        ? regex.substring(0, regex.length() - 1) + "\\z"
        : regex;
  }
}
