package dev.atelier.core.apikeys;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API keys of the current workspace. A key ({@code atl_live_<prefix>_<secret>} or {@code
 * atl_test_…}) is shown once at creation; afterwards only its prefix is. Revocation takes effect on
 * the next request.
 */
@Path("api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "API keys", description = "API keys that act for their user in one workspace")
@RequiresRole(Role.ADMIN)
public class ApiKeysResource {

  /** RFC 3339 years have four digits; later instants parse but do not fit every database. */
  private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59.999999Z");

  @Inject Caller caller;
  @Inject ApiKeys apiKeys;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an API key; the key is shown only in this response")
  @APIResponse(
      responseCode = "201",
      description = "Created; the key is shown this once",
      content = @Content(schema = @Schema(implementation = CreatedApiKey.class)))
  @APIResponse(
      responseCode = "402",
      description = "plan_limit_reached: the workspace's plan allows no more API keys")
  public Response create(CreateApiKey body) {
    Check check = Check.body(body).text("name", body.name(), 100);
    Role role = caller.principal().role();
    if (body.role() != null) {
      role = Role.parse(body.role()).orElse(null);
      check.that(role != null, "role", "must be one of viewer, operator, admin");
    }
    String mode = body.mode() == null ? "live" : body.mode();
    check.that("live".equals(mode) || "test".equals(mode), "mode", "must be live or test");
    Instant expires = null;
    if (body.expiresAt() != null) {
      try {
        expires = Instant.parse(body.expiresAt());
        check.that(expires.isAfter(Instant.now()), "expires_at", "must be in the future");
        check.that(!expires.isAfter(LATEST_EXPIRY), "expires_at", "must be before the year 10000");
      } catch (DateTimeParseException e) {
        check.fail("expires_at", "must be an RFC 3339 timestamp, e.g. 2030-01-01T00:00:00Z");
      }
    }
    check.done();
    if (!caller.principal().role().atLeast(role)) {
      throw ApiException.forbidden("A key cannot have a higher role than yours.");
    }
    return Response.status(201)
        .entity(
            apiKeys.create(
                caller.tenantId(), caller.userId(), body.name().trim(), mode, role, expires))
        .build();
  }

  @GET
  @Operation(summary = "List the workspace's API keys (never their secrets)")
  public Page<ApiKeyView> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return apiKeys.list(caller.tenantId(), PageRequest.of(limit, offset));
  }

  @DELETE
  @Path("{id}")
  @Operation(operationId = "revokeApiKey", summary = "Revoke an API key, effective immediately")
  @APIResponse(responseCode = "204", description = "Revoked")
  public Response revoke(@PathParam("id") String id) {
    apiKeys.revoke(caller.tenantId(), id);
    return Response.noContent().build();
  }
}
