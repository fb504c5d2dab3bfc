package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.TokenUsage;
import dev.atelier.plugin.api.model.ToolCall;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One streamed message, event by event: {@code message_start} (input tokens), {@code
 * content_block_start} (a text block, or a {@code tool_use} block with its id and name), {@code
 * content_block_delta} ({@code text_delta} to the handler at once, {@code input_json_delta}
 * fragments gathered), {@code content_block_stop} (a tool call is complete and goes to the
 * handler), {@code message_delta} (stop reason, output tokens), {@code message_stop}. Other block
 * types (thinking) and {@code ping} are skipped; {@code error} fails.
 */
final class MessageStream {

  private final StreamHandler handler;
  private final StringBuilder text = new StringBuilder();
  private final Map<Long, PendingCall> open = new HashMap<>();
  private final List<ToolCall> calls = new ArrayList<>();
  private long inputTokens;
  private long outputTokens;
  private String stopReason;
  private boolean stopped;

  MessageStream(StreamHandler handler) {
    this.handler = handler;
  }

  private record PendingCall(String id, String name, StringBuilder input) {}

  /** Takes one event (its JSON data; the type is repeated in it). */
  void accept(JsonValue value) throws ModelException {
    if (!(value instanceof JsonObject event)) {
      throw Failures.invalid("an event that is not a JSON object", null);
    }
    String type = String.valueOf(JsonValues.string(event, "type"));
    switch (type) {
      case "message_start" ->
          usage(JsonValues.object(JsonValues.object(event, "message"), "usage"));
      case "content_block_start" -> blockStart(event);
      case "content_block_delta" -> blockDelta(event);
      case "content_block_stop" -> blockStop(event);
      case "message_delta" -> {
        String reason = JsonValues.string(JsonValues.object(event, "delta"), "stop_reason");
        stopReason = reason != null ? reason : stopReason;
        usage(JsonValues.object(event, "usage"));
      }
      case "message_stop" -> stopped = true;
      case "error" -> throw Failures.fromStreamError(event);
      default -> {
        // ping, and event types added later
      }
    }
  }

  private void usage(JsonObject u) {
    if (u == null) {
      return;
    }
    long input =
        JsonValues.number(u, "input_tokens", 0)
            + JsonValues.number(u, "cache_creation_input_tokens", 0)
            + JsonValues.number(u, "cache_read_input_tokens", 0);
    inputTokens = Math.max(inputTokens, input);
    outputTokens = Math.max(outputTokens, JsonValues.number(u, "output_tokens", 0));
  }

  private void blockStart(JsonObject event) {
    JsonObject block = JsonValues.object(event, "content_block");
    String type = JsonValues.string(block, "type");
    long index = JsonValues.number(event, "index", -1);
    if ("tool_use".equals(type)) {
      open.put(
          index,
          new PendingCall(
              JsonValues.string(block, "id"),
              JsonValues.string(block, "name"),
              new StringBuilder()));
    } else if ("text".equals(type)) {
      text(JsonValues.string(block, "text"));
    }
  }

  private void blockDelta(JsonObject event) {
    JsonObject delta = JsonValues.object(event, "delta");
    String type = JsonValues.string(delta, "type");
    if ("text_delta".equals(type)) {
      text(JsonValues.string(delta, "text"));
    } else if ("input_json_delta".equals(type)) {
      PendingCall call = open.get(JsonValues.number(event, "index", -1));
      String part = JsonValues.string(delta, "partial_json");
      if (call != null && part != null) {
        call.input().append(part);
      }
    }
  }

  private void blockStop(JsonObject event) throws ModelException {
    PendingCall call = open.remove(JsonValues.number(event, "index", -1));
    if (call == null) {
      return;
    }
    if (call.id() == null || call.name() == null) {
      throw Failures.invalid("a tool_use block without an id or a name", null);
    }
    String input = call.input().toString().isBlank() ? "{}" : call.input().toString();
    ToolCall done = new ToolCall(call.id(), call.name(), input);
    calls.add(done);
    handler.onToolCall(done);
  }

  private void text(String delta) {
    if (delta != null && !delta.isEmpty()) {
      text.append(delta);
      handler.onText(delta);
    }
  }

  /** Whether {@code message_stop} arrived. */
  boolean stopped() {
    return stopped;
  }

  /** The whole message, with the stop reason in the API's common words. */
  ModelResponse complete() {
    return new ModelResponse(ModelMessage.assistant(text.toString(), calls), stopReason(), usage());
  }

  /** What was answered until the caller cancelled: the text so far, no tool call. */
  ModelResponse cancelled() {
    return new ModelResponse(
        ModelMessage.assistant(text.toString(), List.of()), "cancelled", usage());
  }

  private TokenUsage usage() {
    return new TokenUsage(inputTokens, outputTokens);
  }

  private String stopReason() {
    if (stopReason == null) {
      return calls.isEmpty() ? "stop" : "tool_calls";
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> "stop";
      case "tool_use" -> "tool_calls";
      case "max_tokens" -> "length";
      default -> stopReason;
    };
  }
}
