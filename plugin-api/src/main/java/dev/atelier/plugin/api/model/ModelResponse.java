package dev.atelier.plugin.api.model;

/**
 * The whole answer of one model call: the assistant message, why it stopped ({@code stop}, {@code
 * tool_calls}, {@code length}, or {@code cancelled} when the provider stopped reading because
 * {@link StreamHandler#cancelled()} turned true: the message then holds what arrived until then)
 * and the tokens used (as far as the provider reported them).
 *
 * @since 1.0.0
 */
public record ModelResponse(ModelMessage message, String stopReason, TokenUsage usage) {}
