package dev.atelier.core.apikeys;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API keys of the current workspace. A key ({@code atl_live_<prefix>_<secret>} or {@code
 * atl_test_…}) is shown once at creation; afterwards only its prefix is. Revocation takes effect on
 * the next request.
 */
@Path("api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "API keys")
@RequiresRole(Role.ADMIN)
public class ApiKeysResource {

  /** RFC 3339 years have four digits; later instants parse but do not fit every database. */
  private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59.999999Z");

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject MasterKey masterKey;
  @Inject Audit audit;

  public record CreateApiKey(String name, String role, String expiresAt, String mode) {}

  public record ApiKeyView(
      String id,
      String name,
      String prefix,
      String mode,
      String role,
      String userId,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt) {
    static ApiKeyView of(ApiKey k) {
      return new ApiKeyView(
          k.id(),
          k.name(),
          "atl_" + k.mode() + "_" + k.prefix(),
          k.mode(),
          k.role().wire(),
          k.userId(),
          k.createdAt(),
          k.expiresAt(),
          k.lastUsedAt(),
          k.revokedAt());
    }
  }

  /** The created key: the only response that ever carries {@code key}. */
  public record CreatedApiKey(
      String id,
      String name,
      String key,
      String prefix,
      String mode,
      String role,
      Instant createdAt,
      Instant expiresAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an API key; the key is shown only in this response")
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
    String prefix = Secrets.alphanumeric(12);
    String key = "atl_" + mode + "_" + prefix + "_" + Secrets.alphanumeric(32);
    ApiKey entity =
        new ApiKey(
            caller.userId(),
            body.name().trim(),
            prefix,
            masterKey.keyedHash(key),
            mode,
            role,
            expires);
    tx.inTenantDo(
        caller.tenantId(),
        em -> {
          em.persist(entity);
          audit.record(em, "api_key.created", "api_key", entity.id(), entity.name());
        });
    return Response.status(201)
        .entity(
            new CreatedApiKey(
                entity.id(),
                entity.name(),
                key,
                "atl_" + mode + "_" + prefix,
                mode,
                entity.role().wire(),
                entity.createdAt(),
                entity.expiresAt()))
        .build();
  }

  @GET
  @Operation(summary = "List the workspace's API keys (never their secrets)")
  public Page<ApiKeyView> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    return tx.readInTenant(
        caller.tenantId(),
        em ->
            page.page(
                em
                    .createQuery(
                        "SELECT k FROM ApiKey k ORDER BY k.createdAt DESC, k.id", ApiKey.class)
                    .setHint(Transactions.READ_ONLY, true)
                    .setFirstResult(page.offset())
                    .setMaxResults(page.limit())
                    .getResultList()
                    .stream()
                    .map(ApiKeyView::of)
                    .toList(),
                em.createQuery("SELECT COUNT(k) FROM ApiKey k", Long.class).getSingleResult()));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke an API key, effective immediately")
  public Response revoke(@PathParam("id") String id) {
    tx.inTenantDo(
        caller.tenantId(),
        em -> {
          ApiKey key = em.find(ApiKey.class, id);
          if (key == null || key.revokedAt() != null) {
            throw ApiException.notFound("The API key");
          }
          key.revoke();
          audit.record(em, "api_key.revoked", "api_key", key.id(), key.name());
        });
    return Response.noContent().build();
  }
}
