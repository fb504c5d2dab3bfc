package dev.atelier.plugin.api.model;

/**
 * A tool call the model asked for: the provider's call id, the tool name and the arguments as JSON
 * text.
 *
 * @since 1.0.0
 */
public record ToolCall(String id, String name, String argumentsJson) {}
