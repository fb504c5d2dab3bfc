package dev.atelier.core.agents;

import dev.atelier.core.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/** The agents of each workspace, for the rest of core (the run engine reads specs here). */
@ApplicationScoped
public class Agents {

  @Inject Transactions tx;

  /**
   * The spec of the agent named {@code name} in the tenant {@code tenantId}, defaults applied;
   * empty when the tenant has no such agent.
   */
  public Optional<AgentSpec> find(String tenantId, String name) {
    if (tenantId == null || name == null) {
      return Optional.empty();
    }
    return tx.readInTenant(tenantId, em -> named(em, name).map(Agent::spec));
  }

  /** The agent named {@code name} in the entity manager's tenant. */
  static Optional<Agent> named(EntityManager em, String name) {
    return em.createQuery("SELECT a FROM Agent a WHERE a.name = :n", Agent.class)
        .setParameter("n", name)
        .getResultStream()
        .findFirst();
  }
}
