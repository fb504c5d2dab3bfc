package dev.atelier.core.admin;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.identity.UserView;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform administration, for superusers signed in with a token. */
@Path("api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Administration",
    description =
        "Platform administration: users, workspaces, features, plugins and event deliveries (platform superuser)")
@SuperuserOnly
public class AdminResource {

  @Inject Administration administration;
  @Inject Caller caller;

  @GET
  @Path("users")
  @Operation(operationId = "listUsers", summary = "All users; q searches e-mail and name")
  public Page<UserView> users(
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return administration.users(q, PageRequest.of(limit, offset));
  }

  @PATCH
  @Path("users/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Disable or enable a user, or grant or remove superuser")
  @APIResponse(
      responseCode = "409",
      description = "cannot_change_self: a superuser cannot disable or demote their own account")
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
    return administration.updateUser(caller.tenantId(), id, body.disabled(), body.superuser());
  }

  @DELETE
  @Path("users/{id}/2fa")
  @NotIdempotent
  @Operation(
      operationId = "resetUserTwoFactor",
      summary =
          "Turn a user's two-factor sign-in off (lost authenticator and recovery codes; audited)")
  @APIResponse(responseCode = "204", description = "Two-factor sign-in of the user is off")
  @APIResponse(responseCode = "404", description = "No such user")
  public Response resetTwoFactor(@PathParam("id") String id) {
    administration.resetTwoFactor(id, caller.userId(), caller.principal().email());
    return Response.noContent().build();
  }

  @GET
  @Path("tenants")
  @Operation(operationId = "listAllTenants", summary = "All workspaces with their member counts")
  public Page<AdminTenantView> tenants(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return administration.tenants(PageRequest.of(limit, offset));
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
    return administration.setRateLimit(caller.tenantId(), id, body.rateLimitPerMinute());
  }
}
