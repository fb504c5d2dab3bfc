package dev.atelier.core.audit;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
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

  /** Records an action by the current caller in the entity manager's tenant. */
  public void record(
      EntityManager em, String action, String targetType, String targetId, String detail) {
    var p = caller.principal();
    em.persist(
        new AuditEvent(p.userId(), p.email(), action, targetType, targetId, caller.ip(), detail));
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
}
