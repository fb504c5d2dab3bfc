package dev.atelier.plugin.api.model;

/**
 * Receives a model's answer while it streams. Called on the calling thread, in order.
 *
 * @since 1.0.0
 */
public interface StreamHandler {

  /** A piece of the assistant's text. */
  void onText(String delta);

  /** A complete tool call. */
  default void onToolCall(ToolCall call) {}

  /** Whether the caller gave up (the run was cancelled); a provider stops reading when true. */
  default boolean cancelled() {
    return false;
  }

  /** A handler that ignores the stream. */
  StreamHandler NONE = delta -> {};
}
