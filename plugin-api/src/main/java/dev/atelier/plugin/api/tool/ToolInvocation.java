package dev.atelier.plugin.api.tool;

/**
 * One call of a tool: the arguments (JSON text, valid against the tool's schema), the run and
 * project it happens in ({@code projectId} may be null), and the call's id.
 *
 * <p>{@code callId} ({@code <run id>:<step seq>}, the step that records the call in the run's
 * steps) is the same on every attempt of this call. A run taken over after a node stopped mid-call
 * calls the tool again with the same {@code callId}, so a tool whose effect must happen once (a
 * payment, a message sent, a deployment started) can use it as an idempotency key. Different calls,
 * in the same run or not, never share one.
 *
 * @since 1.0.0
 */
public record ToolInvocation(String argumentsJson, String runId, String projectId, String callId) {}
