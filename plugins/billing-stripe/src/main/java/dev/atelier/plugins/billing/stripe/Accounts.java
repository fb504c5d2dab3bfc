package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginSession;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;

/** The workspace's one {@link StripeAccount} row. */
final class Accounts {

  private Accounts() {}

  /** Makes sure the session's workspace has its row (committed), so it can be locked. */
  static void open(PluginSession session) {
    for (int attempt = 1; ; attempt++) {
      try {
        session
            .data()
            .inTransaction(
                em -> {
                  if (find(em, false) == null) {
                    em.persist(StripeAccount.open());
                    em.flush();
                  }
                  return null;
                });
        return;
      } catch (RuntimeException e) {
        if (attempt >= 3 || !session.data().isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  /** The row, locked until the unit of work ends; after {@link #open}. */
  static StripeAccount locked(EntityManager em) {
    StripeAccount a = find(em, true);
    if (a == null) {
      throw new IllegalStateException("no Stripe account row: open it first");
    }
    return a;
  }

  /** The row, or null. */
  static StripeAccount find(EntityManager em, boolean lock) {
    var q = em.createQuery("SELECT a FROM StripeAccount a", StripeAccount.class);
    if (lock) {
      q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
    }
    List<StripeAccount> found = q.getResultList();
    return found.isEmpty() ? null : found.get(0);
  }
}
