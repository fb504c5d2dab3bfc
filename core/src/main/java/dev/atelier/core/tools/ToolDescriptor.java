package dev.atelier.core.tools;

/**
 * A tool as the catalog offers it to agents and models.
 *
 * @param name the name models call it by: a built-in's own, or {@code <plugin id>_<tool name>} with
 *     the dashes of the plugin id turned into underscores
 * @param description what the tool does, for the model
 * @param inputSchema the JSON Schema (2020-12) of the arguments object, as JSON text
 * @param readOnly whether the tool only reads
 * @param requiresApproval whether a person must approve each call
 * @param source {@value ToolCatalog#BUILTIN} or the id of the plugin that provides it
 */
public record ToolDescriptor(
    String name,
    String description,
    String inputSchema,
    boolean readOnly,
    boolean requiresApproval,
    String source) {}
