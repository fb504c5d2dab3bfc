package dev.atelier.plugins.model.openai;

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

/**
 * Writes the body of {@code POST /chat/completions}: the model, the messages (assistant messages
 * with their {@code tool_calls}, tool results as {@code role: tool} with {@code tool_call_id}), the
 * tools as functions, sampling limits, and streaming with the usage in the last chunk.
 */
final class ChatRequests {

  private static final String EMPTY_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

  private ChatRequests() {}

  /** The JSON body for {@code request}. */
  static String body(ModelRequest request) {
    JsonObjectBuilder body =
        JSON.createObjectBuilder()
            .add("model", request.model())
            .add("messages", messages(request))
            .add("stream", true)
            .add("stream_options", JSON.createObjectBuilder().add("include_usage", true));
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder tools = JSON.createArrayBuilder();
      request.tools().forEach(t -> tools.add(tool(t)));
      body.add("tools", tools);
    }
    if (request.temperature() != null) {
      body.add("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.add("max_tokens", request.maxTokens());
    }
    return body.build().toString();
  }

  private static JsonArrayBuilder messages(ModelRequest request) {
    JsonArrayBuilder out = JSON.createArrayBuilder();
    for (ModelMessage m : request.messages()) {
      JsonObjectBuilder msg = JSON.createObjectBuilder().add("role", m.role());
      String content = m.content() == null ? "" : m.content();
      if ("assistant".equals(m.role()) && !m.toolCalls().isEmpty()) {
        if (content.isEmpty()) {
          msg.addNull("content");
        } else {
          msg.add("content", content);
        }
        JsonArrayBuilder calls = JSON.createArrayBuilder();
        for (ToolCall c : m.toolCalls()) {
          calls.add(
              JSON.createObjectBuilder()
                  .add("id", c.id())
                  .add("type", "function")
                  .add(
                      "function",
                      JSON.createObjectBuilder()
                          .add("name", c.name())
                          .add("arguments", arguments(c.argumentsJson()))));
        }
        msg.add("tool_calls", calls);
      } else {
        msg.add("content", content);
      }
      if ("tool".equals(m.role())) {
        msg.add("tool_call_id", m.toolCallId() == null ? "" : m.toolCallId());
      }
      out.add(msg);
    }
    return out;
  }

  private static JsonObjectBuilder tool(ToolDefinition t) {
    JsonObjectBuilder function = JSON.createObjectBuilder().add("name", t.name());
    if (t.description() != null) {
      function.add("description", t.description());
    }
    function.add("parameters", schema(t.parametersSchema()));
    return JSON.createObjectBuilder().add("type", "function").add("function", function);
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

  private static String arguments(String json) {
    return json == null || json.isBlank() ? "{}" : json;
  }
}
