package dev.atelier.plugins.model.anthropic;

import static dev.atelier.plugin.api.http.JsonValues.JSON;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ToolCall;
import dev.atelier.plugin.api.model.ToolDefinition;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the body of {@code POST /v1/messages}: system messages become the top-level {@code
 * system}; assistant tool calls become {@code tool_use} blocks and tool results {@code tool_result}
 * blocks of a {@code user} message; consecutive messages of one role merge into one (the API wants
 * the roles to alternate and all results of a turn in one message); {@code max_tokens} is always
 * set.
 */
final class MessagesRequests {

  private static final String EMPTY_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

  private MessagesRequests() {}

  /** The JSON body for {@code request}, with {@code defaultMaxTokens} when it sets none. */
  static String body(ModelRequest request, int defaultMaxTokens) {
    JsonObjectBuilder body =
        JSON.createObjectBuilder()
            .add("model", request.model())
            .add("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens)
            .add("stream", true);
    List<String> system = new ArrayList<>();
    request.messages().stream()
        .filter(m -> "system".equals(m.role()) && m.content() != null && !m.content().isBlank())
        .forEach(m -> system.add(m.content()));
    if (!system.isEmpty()) {
      body.add("system", String.join("\n\n", system));
    }
    body.add("messages", messages(request.messages()));
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder tools = JSON.createArrayBuilder();
      request.tools().forEach(t -> tools.add(tool(t)));
      body.add("tools", tools);
    }
    if (request.temperature() != null) {
      body.add("temperature", request.temperature());
    }
    return body.build().toString();
  }

  private static JsonArrayBuilder messages(List<ModelMessage> messages) {
    JsonArrayBuilder out = JSON.createArrayBuilder();
    String role = null;
    JsonArrayBuilder blocks = null;
    for (ModelMessage m : messages) {
      if ("system".equals(m.role())) {
        continue;
      }
      String wireRole = "assistant".equals(m.role()) ? "assistant" : "user";
      if (!wireRole.equals(role)) {
        if (blocks != null) {
          out.add(JSON.createObjectBuilder().add("role", role).add("content", blocks));
        }
        role = wireRole;
        blocks = JSON.createArrayBuilder();
      }
      addBlocks(blocks, m);
    }
    if (blocks != null) {
      out.add(JSON.createObjectBuilder().add("role", role).add("content", blocks));
    }
    return out;
  }

  private static void addBlocks(JsonArrayBuilder blocks, ModelMessage m) {
    String text = m.content() == null ? "" : m.content();
    if ("tool".equals(m.role())) {
      blocks.add(
          JSON.createObjectBuilder()
              .add("type", "tool_result")
              .add("tool_use_id", m.toolCallId() == null ? "" : m.toolCallId())
              .add("content", text));
      return;
    }
    if (!text.isEmpty()) { // the API refuses empty text blocks
      blocks.add(JSON.createObjectBuilder().add("type", "text").add("text", text));
    }
    for (ToolCall c : m.toolCalls()) {
      blocks.add(
          JSON.createObjectBuilder()
              .add("type", "tool_use")
              .add("id", c.id())
              .add("name", c.name())
              .add("input", input(c.argumentsJson())));
    }
  }

  private static JsonValue input(String json) {
    try {
      JsonValue v = json == null || json.isBlank() ? null : JsonValues.parse(json);
      return v instanceof JsonObject ? v : JsonValue.EMPTY_JSON_OBJECT;
    } catch (JsonException notJson) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
  }

  private static JsonObjectBuilder tool(ToolDefinition t) {
    JsonObjectBuilder tool = JSON.createObjectBuilder().add("name", t.name());
    if (t.description() != null) {
      tool.add("description", t.description());
    }
    return tool.add("input_schema", schema(t.parametersSchema()));
  }

  private static JsonValue schema(String text) {
    if (text == null || text.isBlank()) {
      return JsonValues.parse(EMPTY_SCHEMA);
    }
    try {
      JsonValue v = JsonValues.parse(text);
      if (v instanceof JsonObject) {
        return v;
      }
    } catch (JsonException notJson) {
      // below
    }
    throw new IllegalArgumentException("A tool's parameters schema is not a JSON object");
  }
}
