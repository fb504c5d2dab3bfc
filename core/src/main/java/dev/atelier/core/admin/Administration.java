package dev.atelier.core.admin;

import dev.atelier.core.accounts.TwoFactor;
import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.identity.UserView;
import dev.atelier.core.persistence.Like;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.tenancy.Tenant;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * What superusers do across the platform: list and change users, list workspaces and set their rate
 * limits. Each change is audited in the superuser's current workspace.
 */
@ApplicationScoped
public class Administration {

  @Inject Transactions tx;
  @Inject Sessions sessions;
  @Inject Audit audit;
  @Inject TwoFactor twoFactor;

  /**
   * Turns two-factor sign-in of user {@code userId} off (a lost authenticator and recovery codes),
   * recorded as done by superuser {@code byId}; 404 when there is no such user.
   */
  public void resetTwoFactor(String userId, String byId, String byEmail) {
    twoFactor.reset(userId, byId, byEmail);
  }

  /**
   * All users, oldest first; {@code q} (at most 200 characters, else 422) searches e-mail and name
   * literally: LIKE's wildcards in it are escaped.
   */
  public Page<UserView> users(String q, PageRequest page) {
    Check.start().optionalText("q", q, 200).done();
    String where =
        q == null || q.isBlank()
            ? ""
            : " WHERE LOWER(u.email) LIKE :q ESCAPE '\\' OR LOWER(u.name) LIKE :q ESCAPE '\\'";
    return tx.inPlatform(
        em -> {
          var items =
              em.createQuery(
                  "SELECT u FROM User u" + where + " ORDER BY u.createdAt, u.id", User.class);
          var count = em.createQuery("SELECT COUNT(u) FROM User u" + where, Long.class);
          if (!where.isEmpty()) {
            String like = Like.contains(q);
            items.setParameter("q", like);
            count.setParameter("q", like);
          }
          return Paging.page(items, count, page, UserView::of);
        });
  }

  /**
   * Disables or enables user {@code id}, or grants or removes superuser, audited in {@code
   * tenantId}; a disabled user's sessions end. 404 when there is no such user.
   */
  public UserView updateUser(String tenantId, String id, Boolean disabled, Boolean superuser) {
    UserView updated =
        tx.inTenant(
            tenantId,
            em -> {
              User user = em.find(User.class, id);
              if (user == null) {
                throw ApiException.notFound("The user");
              }
              if (disabled != null && disabled != user.disabled()) {
                user.setDisabled(disabled);
                audit.record(
                    em,
                    disabled ? "admin.user_disabled" : "admin.user_enabled",
                    "user",
                    id,
                    user.email());
              }
              if (superuser != null && superuser != user.superuser()) {
                user.setSuperuser(superuser);
                audit.record(
                    em,
                    superuser ? "admin.superuser_granted" : "admin.superuser_removed",
                    "user",
                    id,
                    user.email());
              }
              return UserView.of(user);
            });
    if (Boolean.TRUE.equals(disabled)) {
      sessions.revokeAllOf(id, null, "disabled");
    }
    return updated;
  }

  /** All workspaces, oldest first, with their member counts. */
  public Page<AdminTenantView> tenants(PageRequest page) {
    return tx.inPlatform(
        em ->
            Paging.page(
                em.createQuery("SELECT t FROM Tenant t ORDER BY t.createdAt, t.id", Tenant.class),
                em.createQuery("SELECT COUNT(t) FROM Tenant t", Long.class),
                page,
                t -> view(em, t)));
  }

  /**
   * Sets the rate limit of workspace {@code id} (requests per minute; null for the default),
   * audited in {@code tenantId}; 404 when there is no such workspace.
   */
  public AdminTenantView setRateLimit(String tenantId, String id, Integer perMinute) {
    return tx.inTenant(
        tenantId,
        em -> {
          Tenant t = em.find(Tenant.class, id);
          if (t == null) {
            throw ApiException.notFound("The workspace");
          }
          t.setRateLimitPerMinute(perMinute);
          audit.record(em, "admin.tenant_rate_limit", "tenant", id, String.valueOf(perMinute));
          return view(em, t);
        });
  }

  private static AdminTenantView view(EntityManager em, Tenant t) {
    long members =
        em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t", Long.class)
            .setParameter("t", t.id())
            .getSingleResult();
    return new AdminTenantView(
        t.id(), t.name(), t.slug(), t.personal(), members, t.rateLimitPerMinute(), t.createdAt());
  }
}
