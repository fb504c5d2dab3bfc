package dev.atelier.plugin.api.model;

/**
 * A tool offered to the model: name, description and the JSON Schema of its arguments (as JSON
 * text).
 *
 * @since 1.0.0
 */
public record ToolDefinition(String name, String description, String parametersSchema) {}
