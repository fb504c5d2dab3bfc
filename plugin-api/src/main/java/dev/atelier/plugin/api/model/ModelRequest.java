package dev.atelier.plugin.api.model;

import java.util.List;

/**
 * A model call: the model name (without the provider prefix), the conversation, the tools the model
 * may call, and sampling limits ({@code null} for the provider's default).
 *
 * @since 1.0.0
 */
public record ModelRequest(
    String model,
    List<ModelMessage> messages,
    List<ToolDefinition> tools,
    Double temperature,
    Integer maxTokens) {

  public ModelRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
