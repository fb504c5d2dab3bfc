package dev.atelier.core.tenancy;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Workspaces as their members see them: the ones a user belongs to, creating and changing one, and
 * its members with their roles. A workspace keeps at least one admin.
 */
@ApplicationScoped
public class Tenants {

  @Inject Transactions tx;
  @Inject PlanLimits limits;
  @Inject Outbox events;
  @Inject Tenancy tenancy;
  @Inject Audit audit;
  @Inject Sessions sessions;

  /** The workspaces {@code userId} belongs to, oldest first, with their role in each. */
  public Page<TenantView> of(String userId, PageRequest page) {
    return tx.inPlatform(
        em ->
            Paging.page(
                em.createQuery(
                        "SELECT t, m.role FROM Tenant t, Membership m WHERE m.tenantId = t.id "
                            + "AND m.userId = :u ORDER BY t.createdAt, t.id",
                        Object[].class)
                    .setParameter("u", userId),
                em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.userId = :u", Long.class)
                    .setParameter("u", userId),
                page,
                r -> TenantView.of((Tenant) r[0], (String) r[1])));
  }

  /** Creates a workspace with {@code userId} (e-mail {@code email}) as its admin. */
  public TenantView create(String userId, String email, String name, String slug) {
    TenantView created =
        tx.inPlatform(em -> TenantView.of(tenancy.create(em, name, slug, false, userId), "admin"));
    audit.recordFor(List.of(created.id()), userId, email, "tenant.created", created.slug());
    return created;
  }

  /** Workspace {@code tenantId} as a member with {@code role} sees it. */
  public TenantView get(String tenantId, String role) {
    return tx.inPlatform(em -> TenantView.of(em.find(Tenant.class, tenantId), role));
  }

  /**
   * Renames workspace {@code tenantId}, changes its slug or whether its members need a second
   * factor (each when not null); 409 when another workspace has the slug.
   */
  public TenantView update(
      String tenantId, String role, String name, String slug, Boolean require2fa) {
    return tx.inTenant(
        tenantId,
        em -> {
          Tenant t = em.find(Tenant.class, tenantId);
          if (slug != null && !slug.equals(t.slug())) {
            if (tenancy.slugTaken(em, slug, t.id())) {
              throw Tenancy.slugTakenConflict(slug);
            }
            t.changeSlug(slug);
            Transactions.flush(em, () -> Tenancy.slugTakenConflict(slug));
          }
          if (name != null) {
            t.rename(name);
          }
          if (require2fa != null && require2fa != t.require2fa()) {
            t.setRequire2fa(require2fa);
            audit.record(
                em,
                require2fa ? "tenant.2fa_required" : "tenant.2fa_not_required",
                "tenant",
                t.id(),
                null);
          }
          return TenantView.of(t, role);
        });
  }

  /** The members of workspace {@code tenantId}, in the order they joined. */
  public Page<MemberView> members(String tenantId, PageRequest page) {
    return tx.inPlatform(
        em ->
            Paging.page(
                em.createQuery(
                        "SELECT m, u FROM Membership m, User u WHERE u.id = m.userId "
                            + "AND m.tenantId = :t ORDER BY m.createdAt, u.email",
                        Object[].class)
                    .setParameter("t", tenantId),
                em.createQuery(
                        "SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t", Long.class)
                    .setParameter("t", tenantId),
                page,
                r -> view((Membership) r[0], (User) r[1])));
  }

  private static MemberView view(Membership m, User u) {
    return new MemberView(u.id(), u.email(), u.name(), m.role().wire(), m.createdAt());
  }

  static ProblemException alreadyMember() {
    return ApiException.conflict("already_member", "This user is already a member.");
  }

  /**
   * Adds the registered user with {@code email} to workspace {@code tenantId} with {@code role};
   * 404 when there is no such user, 409 when they are a member already.
   */
  public MemberView addMember(String tenantId, String email, Role role) {
    return tx.inTenant(
        tenantId,
        em -> {
          User user =
              em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                  .setParameter("e", User.normalizeEmail(email))
                  .getResultStream()
                  .findFirst()
                  .orElseThrow(() -> ApiException.notFound("A user with this e-mail address"));
          if (tenancy.membership(em, tenantId, user.id()).isPresent()) {
            throw alreadyMember();
          }
          limits.admit(em, tenantId, PlanLimits.MEMBERS, () -> tenancy.memberCount(em, tenantId));
          Membership m = new Membership(tenantId, user.id(), role);
          em.persist(m);
          Transactions.flush(em, Tenants::alreadyMember);
          audit.record(em, "member.added", "user", user.id(), user.email() + " as " + role.wire());
          events.publish(CoreEvents.MEMBER_ADDED, tenantId, user.id(), Map.of("role", role.wire()));
          return view(m, user);
        });
  }

  /** Gives member {@code userId} of {@code tenantId} {@code role}; 409 for the last admin. */
  public MemberView changeRole(String tenantId, String userId, Role role) {
    return tx.inTenant(
        tenantId,
        em -> {
          Membership m =
              tenancy
                  .membership(em, tenantId, userId)
                  .orElseThrow(() -> ApiException.notFound("The member"));
          if (m.role() == Role.ADMIN && role != Role.ADMIN) {
            Tenancy.lock(em, tenantId); // two demotions cannot leave it without an admin
            if (tenancy.adminCount(em, tenantId) <= 1) {
              throw ApiException.conflict(
                  "last_admin", "The workspace must keep at least one admin.");
            }
          }
          m.changeRole(role);
          audit.record(em, "member.role_changed", "user", userId, "now " + role.wire());
          events.publish(
              CoreEvents.MEMBER_ROLE_CHANGED, tenantId, userId, Map.of("role", role.wire()));
          return view(m, em.find(User.class, userId));
        });
  }

  /**
   * Removes member {@code userId} from {@code tenantId}, revokes their keys and sessions there; 409
   * for the last admin.
   */
  public void removeMember(String tenantId, String userId) {
    tx.inTenantDo(
        tenantId,
        em -> {
          Membership m =
              tenancy
                  .membership(em, tenantId, userId)
                  .orElseThrow(() -> ApiException.notFound("The member"));
          if (m.role() == Role.ADMIN) {
            Tenancy.lock(em, tenantId); // two removals cannot leave it without an admin
            if (tenancy.adminCount(em, tenantId) <= 1) {
              throw ApiException.conflict(
                  "last_admin", "The last admin of a workspace cannot be removed.");
            }
          }
          em.remove(m);
          // their keys in this workspace die with the membership: re-adding them later must not
          // bring old credentials back
          em.createQuery(
                  "UPDATE ApiKey k SET k.revokedAt = :now WHERE k.userId = :u AND k.revokedAt IS NULL")
              .setParameter("now", Times.now())
              .setParameter("u", userId)
              .executeUpdate();
          audit.record(em, "member.removed", "user", userId, null);
          events.publish(CoreEvents.MEMBER_REMOVED, tenantId, userId, Map.of());
        });
    sessions.revokeInTenant(userId, tenantId, "membership_removed");
  }
}
