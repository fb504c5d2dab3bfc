package dev.atelier.core.agents;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.persistence.Like;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents of each workspace, for the rest of core (the run engine reads specs here) and every
 * way of reading them (the HTTP API, the MCP server).
 */
@ApplicationScoped
public class Agents {

  @Inject Transactions tx;
  @Inject PlanLimits limits;
  @Inject Audit audit;
  @Inject Outbox events;

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

  /** Every agent spec of {@code tenantId}, by name (what integrations choose from by label). */
  public List<AgentSpec> specs(String tenantId) {
    return tx.readInTenant(
        tenantId,
        em ->
            em
                .createQuery("SELECT a FROM Agent a ORDER BY a.name", Agent.class)
                .getResultList()
                .stream()
                .map(Agent::spec)
                .toList());
  }

  /**
   * The agents of {@code tenantId} by name; {@code q} (at most 200 characters, else 422) searches
   * name and description.
   */
  public Page<AgentView> list(String tenantId, String q, PageRequest page) {
    Check.start().optionalText("q", q, 200).done();
    boolean search = q != null && !q.isBlank();
    String where =
        search
            ? " WHERE LOWER(a.name) LIKE :q ESCAPE '\\' OR LOWER(a.description) LIKE :q ESCAPE '\\'"
            : "";
    return tx.readInTenant(
        tenantId,
        em -> {
          var items =
              em.createQuery("SELECT a FROM Agent a" + where + " ORDER BY a.name", Agent.class);
          var count = em.createQuery("SELECT COUNT(a) FROM Agent a" + where, Long.class);
          if (search) {
            items.setParameter("q", Like.contains(q));
            count.setParameter("q", Like.contains(q));
          }
          return Paging.page(items, count, page, AgentView::of);
        });
  }

  /** The agent named {@code name} in {@code tenantId} with its source; 404 when there is none. */
  public AgentView view(String tenantId, String name) {
    return tx.readInTenant(tenantId, em -> AgentView.of(require(em, name)));
  }

  /** The agent named {@code name} in the entity manager's tenant. */
  static Optional<Agent> named(EntityManager em, String name) {
    return em.createQuery("SELECT a FROM Agent a WHERE a.name = :n", Agent.class)
        .setParameter("n", name)
        .getResultStream()
        .findFirst();
  }

  /** The agent named {@code name} in the entity manager's tenant, or 404. */
  static Agent require(EntityManager em, String name) {
    return named(em, name).orElseThrow(() -> ProblemException.notFound("The agent"));
  }

  /**
   * Creates agent {@code spec} (its source {@code source}) in {@code tenantId} by {@code userId};
   * 409 {@code agent_exists} when the name is taken.
   */
  public AgentView create(String tenantId, String userId, AgentSpec spec, AgentSource source) {
    return tx.inTenant(
        tenantId,
        em -> {
          if (named(em, spec.name()).isPresent()) {
            throw agentExists(spec.name());
          }
          limits.admit(
              em,
              tenantId,
              PlanLimits.AGENTS,
              () -> em.createQuery("SELECT COUNT(a) FROM Agent a", Long.class).getSingleResult());
          Agent a = new Agent(spec, source.specFormat(), source.content(), userId);
          em.persist(a);
          // a concurrent create of the same name may commit between the check and here
          Transactions.flush(em, () -> agentExists(spec.name()));
          recorded(em, tenantId, "agent.created", a);
          return AgentView.of(a);
        });
  }

  /** Replaces the spec of the agent {@code spec} names; 404 when there is none. */
  public AgentView replace(String tenantId, AgentSpec spec, AgentSource source) {
    return tx.inTenant(
        tenantId,
        em -> {
          Agent a = require(em, spec.name());
          a.replace(spec, source.specFormat(), source.content());
          recorded(em, tenantId, "agent.updated", a);
          return AgentView.of(a);
        });
  }

  /** Deletes the agent named {@code name}; 404 when there is none. */
  public void delete(String tenantId, String name) {
    tx.inTenantDo(
        tenantId,
        em -> {
          Agent a = require(em, name);
          em.remove(a);
          recorded(em, tenantId, "agent.deleted", a);
        });
  }

  /** Audits {@code action} on {@code a} and publishes it as a core event once committed. */
  private void recorded(EntityManager em, String tenantId, String action, Agent a) {
    audit.record(em, action, "agent", a.id(), a.name());
    events.publish(action, tenantId, a.id(), Map.of("name", a.name()));
  }

  private static ProblemException agentExists(String name) {
    return ApiException.conflict(
        "agent_exists", "An agent named '" + name + "' already exists in this workspace.");
  }
}
