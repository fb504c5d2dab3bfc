package dev.atelier.core.plugins;

import dev.atelier.plugin.api.agent.PluginAgents;

/**
 * What hands plugin sessions the tenant's agents ({@link
 * dev.atelier.plugin.api.PluginSession#agents()}); the agents feature implements it, so that the
 * plugin host need not know agents.
 */
public interface AgentsBinding {

  /** The agents of {@code tenantId}. */
  PluginAgents bind(String tenantId);
}
