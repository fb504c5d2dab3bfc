package dev.atelier.plugin.api.tool;

import dev.atelier.plugin.api.PluginSession;
import org.pf4j.ExtensionPoint;

/**
 * A tool agents may call. Its name is offered to models as {@code <plugin-id>_<name>}; its input is
 * validated against {@link #inputSchema()} before {@link #invoke} runs. Read-only tools of one step
 * run in parallel; the others one at a time, and those needing approval wait for a person.
 *
 * @since 1.0.0
 */
public interface AgentTool extends ExtensionPoint {

  /** 1-48 lowercase letters, digits and underscores. */
  String name();

  /** What the tool does, for the model. */
  String description();

  /** The JSON Schema (draft 2020-12) of the arguments object, as JSON text. */
  String inputSchema();

  /** Whether the tool only reads (runs in parallel, no approval). */
  default boolean readOnly() {
    return false;
  }

  /** Whether a person must approve each call before it runs. */
  default boolean requiresApproval() {
    return false;
  }

  /** Runs one call in the run's tenant. */
  ToolResult invoke(PluginSession session, ToolInvocation invocation);
}
