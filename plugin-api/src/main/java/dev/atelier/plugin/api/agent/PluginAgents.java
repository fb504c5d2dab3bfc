package dev.atelier.plugin.api.agent;

import dev.atelier.plugin.api.Incubating;

/**
 * The tenant's agents as a plugin may write them: validate a spec as the core does, and create an
 * agent from one (a marketplace fork, a project template's agents).
 *
 * @since 1.1.0
 */
@Incubating
public interface PluginAgents {

  /**
   * Checks {@code specJson} (an agent spec as JSON, see {@code docs/agents.md}) and returns the
   * agent's name; throws {@link dev.atelier.plugin.api.web.ProblemException} 422 with a field error
   * per problem, each on {@code spec/<location>}.
   */
  String validate(String specJson);

  /**
   * Creates the agent {@code specJson} describes in the session's tenant, by {@code userId}, and
   * returns its name; 422 for an invalid spec, 409 {@code agent_exists} when the name is taken, 402
   * {@code plan_limit_reached} when the plan allows no more agents.
   */
  String create(String specJson, String userId);
}
