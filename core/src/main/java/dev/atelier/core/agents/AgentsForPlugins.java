package dev.atelier.core.agents;

import dev.atelier.core.plugins.AgentsBinding;
import dev.atelier.plugin.api.agent.PluginAgents;
import dev.atelier.plugin.api.web.FieldError;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@link PluginAgents} for plugin sessions: {@link Agents} bound to the session's tenant. */
@ApplicationScoped
public class AgentsForPlugins implements AgentsBinding {

  @Inject Agents agents;

  @Override
  public PluginAgents bind(String tenantId) {
    return new PluginAgents() {
      @Override
      public String validate(String specJson) {
        return spec(specJson).name();
      }

      @Override
      public String create(String specJson, String userId) {
        AgentSpec spec = spec(specJson);
        return agents.create(tenantId, userId, spec, new AgentSource(specJson, "json")).name();
      }
    };
  }

  private static AgentSpec spec(String specJson) {
    SpecValidation v =
        AgentSpecValidator.validate(specJson == null ? "" : specJson, SpecFormat.JSON);
    if (!v.valid()) {
      throw ProblemException.validation(
          v.errors().stream()
              .map(e -> new FieldError("spec" + e.location(), e.message()))
              .toList());
    }
    return v.spec();
  }
}
