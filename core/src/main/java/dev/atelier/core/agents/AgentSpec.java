package dev.atelier.core.agents;

import java.util.List;

/**
 * A valid agent spec, with defaults applied: what the run engine reads through {@link
 * Agents#find(String, String)}.
 *
 * @param name the agent's name, unique in its workspace (1-64 lowercase letters, digits, dashes)
 * @param description what the agent is for, or null
 * @param model the model as {@code <provider>:<model>}, e.g. {@code openai:gpt-4o-mini}
 * @param instructions the system prompt
 * @param tools the names of the tools the agent may call; empty when none
 * @param maxSteps the most model calls one run may make, 1-100 (20 unless the spec says)
 * @param temperature the sampling temperature, 0-2, or null for the provider's default
 * @param tokenBudget the most tokens (input and output together) one run may use, or null for no
 *     limit
 * @param approvalRequired the tools (of {@code tools}) that need a person's approval before each
 *     call; empty when none
 * @param labels what the agent is labelled with; integrations (a Slack bot) may launch the agents
 *     whose labels they list; empty when none
 */
public record AgentSpec(
    String name,
    String description,
    String model,
    String instructions,
    List<String> tools,
    int maxSteps,
    Double temperature,
    Long tokenBudget,
    List<String> approvalRequired,
    List<String> labels) {

  /** The {@code max_steps} of a spec that does not say. */
  public static final int DEFAULT_MAX_STEPS = 20;

  public AgentSpec {
    tools = tools == null ? List.of() : List.copyOf(tools);
    approvalRequired = approvalRequired == null ? List.of() : List.copyOf(approvalRequired);
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** The model provider's id: the part of {@link #model()} before the first colon. */
  public String provider() {
    int colon = model.indexOf(':');
    return colon < 0 ? model : model.substring(0, colon);
  }

  /** The model's id at its provider: the part of {@link #model()} after the first colon. */
  public String modelId() {
    int colon = model.indexOf(':');
    return colon < 0 ? model : model.substring(colon + 1);
  }
}
