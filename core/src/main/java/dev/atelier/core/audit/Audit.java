package dev.atelier.core.audit;

import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.logging.Logger;

/**
 * Records audit events. Inside a tenant unit of work the event commits or rolls back with the
 * change it describes; events about a sign-in are written on their own.
 */
@ApplicationScoped
public class Audit {

  private static final Logger LOG = Logger.getLogger("dev.atelier.audit");

  @Inject Transactions tx;
  @Inject Caller caller;

  /**
   * Records an action by the current caller in the entity manager's tenant; without an actor for a
   * request that has no credential but its signature (a git host's push webhook).
   */
  public void record(
      EntityManager em, String action, String targetType, String targetId, String detail) {
    var p = caller.isAuthenticated() ? caller.principal() : null;
    em.persist(
        new AuditEvent(
            p == null ? null : p.userId(),
            p == null ? null : p.email(),
            action,
            targetType,
            targetId,
            caller.ip(),
            detail));
  }

  /** Records an action about an account in each of {@code tenantIds}, in its own transaction. */
  public void recordFor(
      Collection<String> tenantIds,
      String actorId,
      String actorEmail,
      String action,
      String detail) {
    LOG.info(
        action + " " + actorEmail + " from " + caller.ip() + (detail == null ? "" : " " + detail));
    for (String tenantId : tenantIds) {
      tx.inTenantDo(
          tenantId,
          em ->
              em.persist(
                  new AuditEvent(
                      actorId, actorEmail, action, "user", actorId, caller.ip(), detail)));
    }
  }

  /** The audit events of {@code tenantId}, newest first; {@code action} filters when given. */
  public Page<AuditEventView> list(String tenantId, String action, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em -> {
          String where = action == null || action.isBlank() ? "" : " WHERE e.action = :action";
          var q =
              em.createQuery(
                  "SELECT e FROM AuditEvent e" + where + " ORDER BY e.createdAt DESC, e.id",
                  AuditEvent.class);
          var count = em.createQuery("SELECT COUNT(e) FROM AuditEvent e" + where, Long.class);
          if (!where.isEmpty()) {
            q.setParameter("action", action);
            count.setParameter("action", action);
          }
          return Paging.page(
              q,
              count,
              page,
              e ->
                  new AuditEventView(
                      e.id(),
                      e.action(),
                      e.actorId(),
                      e.actorEmail(),
                      e.targetType(),
                      e.targetId(),
                      e.ip(),
                      e.detail(),
                      e.createdAt()));
        });
  }
}
