package dev.atelier.plugin.api.tool;

/**
 * One call of a tool: the arguments (JSON text, valid against the tool's schema), the run and
 * project it happens in ({@code projectId} may be null).
 *
 * @since 1.0.0
 */
public record ToolInvocation(String argumentsJson, String runId, String projectId) {}
