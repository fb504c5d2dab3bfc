package dev.atelier.plugin.api.model;

import java.util.List;

/**
 * One message of a conversation. {@code role} is {@code system}, {@code user}, {@code assistant}
 * (with optional {@code toolCalls}) or {@code tool} (the result of the call {@code toolCallId}).
 *
 * @since 1.0.0
 */
public record ModelMessage(
    String role, String content, List<ToolCall> toolCalls, String toolCallId) {

  public ModelMessage {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static ModelMessage system(String content) {
    return new ModelMessage("system", content, List.of(), null);
  }

  public static ModelMessage user(String content) {
    return new ModelMessage("user", content, List.of(), null);
  }

  public static ModelMessage assistant(String content, List<ToolCall> toolCalls) {
    return new ModelMessage("assistant", content, toolCalls, null);
  }

  public static ModelMessage toolResult(String toolCallId, String content) {
    return new ModelMessage("tool", content, List.of(), toolCallId);
  }
}
