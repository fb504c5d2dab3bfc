package dev.atelier.core.admin;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.AuthResource.UserView;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.persistence.Like;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.core.tenancy.Tenant;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform administration, for superusers signed in with a token. */
@Path("api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Administration")
@SuperuserOnly
public class AdminResource {

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject Sessions sessions;
  @Inject Audit audit;

  /** Fields a superuser may change on a user; absent fields stay. */
  public record UpdateUser(Boolean disabled, Boolean superuser) {}

  public record AdminTenantView(
      String id,
      String name,
      String slug,
      boolean personal,
      long members,
      Integer rateLimitPerMinute,
      Instant createdAt) {}

  public record UpdateTenantLimits(Integer rateLimitPerMinute) {}

  @GET
  @Path("users")
  @Operation(summary = "All users; q searches e-mail and name")
  public Page<UserView> users(
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
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
          return page.page(
              items
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList()
                  .stream()
                  .map(UserView::of)
                  .toList(),
              count.getSingleResult());
        });
  }

  /** {@code q} is searched for literally: LIKE's wildcards in it are escaped. */
  @PATCH
  @Path("users/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Disable or enable a user, or grant or remove superuser")
  public UserView updateUser(@PathParam("id") String id, UpdateUser body) {
    Check.body(body)
        .that(
            body.disabled() != null || body.superuser() != null,
            "disabled",
            "give disabled or superuser")
        .done();
    if (id.equals(caller.userId())) {
      throw ApiException.conflict(
          "cannot_change_self", "A superuser cannot disable or demote their own account.");
    }
    UserView updated =
        tx.inTenant(
            caller.tenantId(),
            em -> {
              User user = em.find(User.class, id);
              if (user == null) {
                throw ApiException.notFound("The user");
              }
              if (body.disabled() != null && body.disabled() != user.disabled()) {
                user.setDisabled(body.disabled());
                audit.record(
                    em,
                    body.disabled() ? "admin.user_disabled" : "admin.user_enabled",
                    "user",
                    id,
                    user.email());
              }
              if (body.superuser() != null && body.superuser() != user.superuser()) {
                user.setSuperuser(body.superuser());
                audit.record(
                    em,
                    body.superuser() ? "admin.superuser_granted" : "admin.superuser_removed",
                    "user",
                    id,
                    user.email());
              }
              return UserView.of(user);
            });
    if (Boolean.TRUE.equals(body.disabled())) {
      sessions.revokeAllOf(id, null, "disabled");
    }
    return updated;
  }

  @GET
  @Path("tenants")
  @Operation(summary = "All workspaces with their member counts")
  public Page<AdminTenantView> tenants(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    return tx.inPlatform(
        em -> {
          var tenants =
              em.createQuery("SELECT t FROM Tenant t ORDER BY t.createdAt, t.id", Tenant.class)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList();
          var items =
              tenants.stream()
                  .map(
                      t ->
                          new AdminTenantView(
                              t.id(),
                              t.name(),
                              t.slug(),
                              t.personal(),
                              em.createQuery(
                                      "SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t",
                                      Long.class)
                                  .setParameter("t", t.id())
                                  .getSingleResult(),
                              t.rateLimitPerMinute(),
                              t.createdAt()))
                  .toList();
          return page.page(
              items, em.createQuery("SELECT COUNT(t) FROM Tenant t", Long.class).getSingleResult());
        });
  }

  @PATCH
  @Path("tenants/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set a workspace's own rate limit (requests per minute; null for default)")
  public AdminTenantView updateTenant(@PathParam("id") String id, UpdateTenantLimits body) {
    Check.body(body)
        .that(
            body.rateLimitPerMinute() == null
                || (body.rateLimitPerMinute() >= 1 && body.rateLimitPerMinute() <= 1_000_000),
            "rate_limit_per_minute",
            "must be between 1 and 1000000, or null")
        .done();
    return tx.inTenant(
        caller.tenantId(),
        em -> {
          Tenant t = em.find(Tenant.class, id);
          if (t == null) {
            throw ApiException.notFound("The workspace");
          }
          t.setRateLimitPerMinute(body.rateLimitPerMinute());
          audit.record(
              em,
              "admin.tenant_rate_limit",
              "tenant",
              id,
              String.valueOf(body.rateLimitPerMinute()));
          long members =
              em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t", Long.class)
                  .setParameter("t", id)
                  .getSingleResult();
          return new AdminTenantView(
              t.id(),
              t.name(),
              t.slug(),
              t.personal(),
              members,
              t.rateLimitPerMinute(),
              t.createdAt());
        });
  }
}
