package dev.atelier.core.tenancy;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.Slugs;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Secrets;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Tenant and membership rules shared by registration, the tenant API and administration. */
@ApplicationScoped
public class Tenancy {

  @Inject Outbox events;

  /** Creates a tenant with {@code ownerId} as its admin. */
  public Tenant create(
      EntityManager em, String name, String slug, boolean personal, String ownerId) {
    String chosen = slug;
    if (chosen == null) {
      chosen = Slugs.from(name) + "-" + Secrets.alphanumeric(6).toLowerCase(Locale.ROOT);
    } else if (slugTaken(em, chosen, null)) {
      throw slugTakenConflict(chosen);
    }
    Tenant tenant = new Tenant(name, chosen, personal, ownerId);
    em.persist(tenant);
    // no mapped relationships: write the tenant before the row that refers to it
    String taken = chosen;
    Transactions.flush(em, () -> slugTakenConflict(taken));
    em.persist(new Membership(tenant.id(), ownerId, Role.ADMIN));
    events.publish(CoreEvents.TENANT_CREATED, tenant.id(), tenant.id(), Map.of("slug", chosen));
    events.publish(
        CoreEvents.MEMBER_ADDED, tenant.id(), ownerId, Map.of("role", Role.ADMIN.wire()));
    return tenant;
  }

  /**
   * Locks the tenant's row until the transaction ends, so that changes checking a rule over many of
   * its rows (the last admin, a count limit) are made one after the other.
   */
  public static void lock(EntityManager em, String tenantId) {
    em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The answer when another workspace has {@code slug}. */
  public static ProblemException slugTakenConflict(String slug) {
    return ApiException.conflict("slug_taken", "The slug '" + slug + "' is already in use.");
  }

  public boolean slugTaken(EntityManager em, String slug, String exceptId) {
    return em.createQuery(
                "SELECT COUNT(t) FROM Tenant t WHERE t.slug = :slug AND t.id <> :id", Long.class)
            .setParameter("slug", slug)
            .setParameter("id", exceptId == null ? "" : exceptId)
            .getSingleResult()
        > 0;
  }

  public Optional<Membership> membership(EntityManager em, String tenantId, String userId) {
    return Optional.ofNullable(em.find(Membership.class, new Membership.Key(tenantId, userId)));
  }

  /** The tenant a fresh login lands in: the personal one, else the oldest membership. */
  /** How many members workspace {@code tenantId} has. */
  public long memberCount(EntityManager em, String tenantId) {
    return em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t", Long.class)
        .setParameter("t", tenantId)
        .getSingleResult();
  }

  public Optional<Membership> defaultMembership(EntityManager em, String userId) {
    List<Object[]> rows =
        em.createQuery(
                "SELECT m, t.personal FROM Membership m, Tenant t WHERE t.id = m.tenantId "
                    + "AND m.userId = :user ORDER BY t.personal DESC, m.createdAt, m.tenantId",
                Object[].class)
            .setParameter("user", userId)
            .setMaxResults(1)
            .getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of((Membership) rows.get(0)[0]);
  }

  public List<String> tenantIdsOf(EntityManager em, String userId) {
    return em.createQuery("SELECT m.tenantId FROM Membership m WHERE m.userId = :u", String.class)
        .setParameter("u", userId)
        .getResultList();
  }

  public long adminCount(EntityManager em, String tenantId) {
    return em.createQuery(
            "SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t AND m.role = 'admin'",
            Long.class)
        .setParameter("t", tenantId)
        .getSingleResult();
  }
}
