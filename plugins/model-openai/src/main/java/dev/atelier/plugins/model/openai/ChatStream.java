package dev.atelier.plugins.model.openai;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One streamed chat completion, chunk by chunk: text deltas go to the handler as they come; tool
 * calls arrive in pieces ({@code delta.tool_calls[]} with an {@code index}, the id and name first,
 * the arguments in fragments) and are handed over whole, in index order, when the answer ends; the
 * usage comes in a last chunk without choices.
 */
final class ChatStream {

  private final StreamHandler handler;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, PendingCall> calls = new TreeMap<>();
  private String finishReason;
  private TokenUsage usage = TokenUsage.NONE;
  private int lastIndex = -1;

  ChatStream(StreamHandler handler) {
    this.handler = handler;
  }

  private static final class PendingCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  /** Takes one chunk ({@code chat.completion.chunk}, or an {@code error} object). */
  void accept(JsonValue value) throws ModelException {
    if (!(value instanceof JsonObject chunk)) {
      throw Failures.invalid("a chunk that is not a JSON object", null);
    }
    if (chunk.containsKey("error") && chunk.get("error") != JsonValue.NULL) {
      throw Failures.fromStreamError(chunk.get("error"));
    }
    JsonObject u = JsonValues.object(chunk, "usage");
    if (u != null) {
      usage =
          new TokenUsage(
              JsonValues.number(u, "prompt_tokens", 0),
              JsonValues.number(u, "completion_tokens", 0));
    }
    for (JsonValue c : JsonValues.array(chunk, "choices")) {
      JsonObject choice = c instanceof JsonObject o ? o : null;
      if (choice == null || JsonValues.number(choice, "index", 0) != 0) {
        continue;
      }
      JsonObject delta = JsonValues.object(choice, "delta");
      String content = JsonValues.string(delta, "content");
      if (content != null && !content.isEmpty()) {
        text.append(content);
        handler.onText(content);
      }
      for (JsonValue t : JsonValues.array(delta, "tool_calls")) {
        if (t instanceof JsonObject call) {
          toolCallDelta(call);
        }
      }
      String finish = JsonValues.string(choice, "finish_reason");
      if (finish != null) {
        finishReason = finish;
      }
    }
  }

  private void toolCallDelta(JsonObject delta) {
    String id = JsonValues.string(delta, "id");
    int index;
    if (delta.containsKey("index")) {
      index = (int) JsonValues.number(delta, "index", 0);
    } else {
      // servers that omit the index send each call whole, with its id
      PendingCall last = calls.get(lastIndex);
      boolean sameCall = last != null && (id == null || id.equals(last.id));
      index = sameCall ? lastIndex : lastIndex + 1;
    }
    lastIndex = index;
    PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
    if (id != null && !id.isEmpty()) {
      call.id = id;
    }
    JsonObject function = JsonValues.object(delta, "function");
    String name = JsonValues.string(function, "name");
    if (name != null && !name.isEmpty()) {
      call.name = name;
    }
    String arguments = JsonValues.string(function, "arguments");
    if (arguments != null) {
      call.arguments.append(arguments);
    }
  }

  /** Whether a choice finished ({@code finish_reason} arrived). */
  boolean finished() {
    return finishReason != null;
  }

  /**
   * Hands the complete tool calls to the handler and returns the whole answer; its stop reason is
   * the finish reason, {@code tool_calls} whenever there are calls.
   */
  ModelResponse complete() throws ModelException {
    List<ToolCall> done = new ArrayList<>();
    for (Map.Entry<Integer, PendingCall> e : calls.entrySet()) {
      PendingCall p = e.getValue();
      if (p.name == null) {
        throw Failures.invalid("tool call " + e.getKey() + " without a function name", null);
      }
      String args = p.arguments.toString().isBlank() ? "{}" : p.arguments.toString();
      done.add(new ToolCall(p.id == null ? "call_" + e.getKey() : p.id, p.name, args));
    }
    done.forEach(handler::onToolCall);
    return new ModelResponse(
        ModelMessage.assistant(text.toString(), done), stopReason(done), usage);
  }

  /** What was answered until the caller cancelled: the text so far, no half-made tool call. */
  ModelResponse cancelled() {
    return new ModelResponse(
        ModelMessage.assistant(text.toString(), List.of()), "cancelled", usage);
  }

  private String stopReason(List<ToolCall> done) {
    if (!done.isEmpty()) {
      return "tool_calls";
    }
    if (finishReason == null) {
      return "stop";
    }
    return switch (finishReason) {
      case "function_call", "tool_calls" -> "tool_calls";
      default -> finishReason;
    };
  }
}
