package dev.atelier.plugin.api.model;

/**
 * The whole answer of one model call: the assistant message, why it stopped ({@code stop}, {@code
 * tool_calls}, {@code length}) and the tokens used.
 *
 * @since 1.0.0
 */
public record ModelResponse(ModelMessage message, String stopReason, TokenUsage usage) {}
