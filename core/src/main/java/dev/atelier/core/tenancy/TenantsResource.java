package dev.atelier.core.tenancy;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Workspaces: mine, a new one, the current one, and its members. */
@Path("api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Tenants")
public class TenantsResource {

  @Inject Transactions tx;
  @Inject Outbox events;
  @Inject Caller caller;
  @Inject Tenancy tenancy;
  @Inject Audit audit;
  @Inject Sessions sessions;

  public record TenantView(
      String id,
      String name,
      String slug,
      boolean personal,
      String role,
      Instant createdAt,
      Instant updatedAt) {
    public static TenantView of(Tenant t, String role) {
      return new TenantView(
          t.id(), t.name(), t.slug(), t.personal(), role, t.createdAt(), t.updatedAt());
    }
  }

  public record CreateTenant(String name, String slug) {}

  public record UpdateTenant(String name, String slug) {}

  public record MemberView(
      String userId, String email, String name, String role, Instant joinedAt) {}

  public record AddMember(String email, String role) {}

  public record ChangeRole(String role) {}

  @GET
  @Operation(summary = "The workspaces you belong to, with your role in each")
  public Page<TenantView> mine(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    String userId = caller.userId();
    return tx.inPlatform(
        em -> {
          List<Object[]> rows =
              em.createQuery(
                      "SELECT t, m.role FROM Tenant t, Membership m WHERE m.tenantId = t.id "
                          + "AND m.userId = :u ORDER BY t.createdAt, t.id",
                      Object[].class)
                  .setParameter("u", userId)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList();
          long total =
              em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.userId = :u", Long.class)
                  .setParameter("u", userId)
                  .getSingleResult();
          return page.page(
              rows.stream().map(r -> TenantView.of((Tenant) r[0], (String) r[1])).toList(), total);
        });
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a workspace; you become its admin")
  public Response create(CreateTenant body) {
    Check.body(body).text("name", body.name(), 200).slug("slug", body.slug()).done();
    if (caller.principal().viaApiKey()) {
      throw ApiException.forbidden("Workspaces are created by signed-in users, not API keys.");
    }
    TenantView created =
        tx.inPlatform(
            em ->
                TenantView.of(
                    tenancy.create(em, body.name().trim(), body.slug(), false, caller.userId()),
                    "admin"));
    audit.recordFor(
        List.of(created.id()),
        caller.userId(),
        caller.principal().email(),
        "tenant.created",
        created.slug());
    return Response.status(201).entity(created).build();
  }

  @GET
  @Path("current")
  @Operation(summary = "The current workspace")
  public TenantView current() {
    return tx.inPlatform(
        em ->
            TenantView.of(
                em.find(Tenant.class, caller.tenantId()), caller.principal().role().wire()));
  }

  @PATCH
  @Path("current")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Rename the current workspace or change its slug")
  public TenantView update(UpdateTenant body) {
    Check check = Check.body(body).slug("slug", body.slug());
    if (body.name() != null) {
      check.text("name", body.name(), 200);
    }
    check.done();
    return tx.inPlatform(
        em -> {
          Tenant t = em.find(Tenant.class, caller.tenantId());
          if (body.slug() != null && !body.slug().equals(t.slug())) {
            if (tenancy.slugTaken(em, body.slug(), t.id())) {
              throw Tenancy.slugTakenConflict(body.slug());
            }
            t.changeSlug(body.slug());
            Transactions.flush(em, () -> Tenancy.slugTakenConflict(body.slug()));
          }
          if (body.name() != null) {
            t.rename(body.name().trim());
          }
          return TenantView.of(t, caller.principal().role().wire());
        });
  }

  @GET
  @Path("current/members")
  @Operation(summary = "The members of the current workspace")
  public Page<MemberView> members(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    String tenantId = caller.tenantId();
    return tx.inPlatform(
        em -> {
          List<Object[]> rows =
              em.createQuery(
                      "SELECT m, u FROM Membership m, User u WHERE u.id = m.userId "
                          + "AND m.tenantId = :t ORDER BY m.createdAt, u.email",
                      Object[].class)
                  .setParameter("t", tenantId)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList();
          long total =
              em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.tenantId = :t", Long.class)
                  .setParameter("t", tenantId)
                  .getSingleResult();
          return page.page(
              rows.stream().map(r -> view((Membership) r[0], (User) r[1])).toList(), total);
        });
  }

  private static MemberView view(Membership m, User u) {
    return new MemberView(u.id(), u.email(), u.name(), m.role().wire(), m.createdAt());
  }

  private static Role role(Check check, String value) {
    check.required("role", value);
    if (value != null && !value.isBlank() && Role.parse(value).isEmpty()) {
      check.fail("role", "must be one of viewer, operator, admin");
    }
    check.done();
    return Role.parse(value).orElseThrow();
  }

  private static ProblemException alreadyMember() {
    return ApiException.conflict("already_member", "This user is already a member.");
  }

  @POST
  @Path("current/members")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Add a registered user to the workspace by e-mail")
  public Response addMember(AddMember body) {
    Check check = Check.body(body).email("email", body.email());
    Role role = role(check, body.role());
    String tenantId = caller.tenantId();
    MemberView added =
        tx.inTenant(
            tenantId,
            em -> {
              User user =
                  em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                      .setParameter("e", User.normalizeEmail(body.email()))
                      .getResultStream()
                      .findFirst()
                      .orElseThrow(() -> ApiException.notFound("A user with this e-mail address"));
              if (tenancy.membership(em, tenantId, user.id()).isPresent()) {
                throw alreadyMember();
              }
              Membership m = new Membership(tenantId, user.id(), role);
              em.persist(m);
              Transactions.flush(em, TenantsResource::alreadyMember);
              audit.record(
                  em, "member.added", "user", user.id(), user.email() + " as " + role.wire());
              events.publish(
                  CoreEvents.MEMBER_ADDED, tenantId, user.id(), Map.of("role", role.wire()));
              return view(m, user);
            });
    return Response.status(201).entity(added).build();
  }

  @PATCH
  @Path("current/members/{userId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Change a member's role")
  public MemberView changeRole(@PathParam("userId") String userId, ChangeRole body) {
    Role role = role(Check.body(body), body.role());
    String tenantId = caller.tenantId();
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

  @DELETE
  @Path("current/members/{userId}")
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Remove a member from the workspace")
  public Response removeMember(@PathParam("userId") String userId) {
    String tenantId = caller.tenantId();
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
    return Response.noContent().build();
  }
}
