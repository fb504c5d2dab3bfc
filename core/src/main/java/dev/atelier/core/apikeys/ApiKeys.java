package dev.atelier.core.apikeys;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** The API keys of a tenant: create one (its secret shown once), list them, revoke one. */
@ApplicationScoped
public class ApiKeys {

  @Inject Transactions tx;
  @Inject PlanLimits limits;
  @Inject MasterKey masterKey;
  @Inject Audit audit;

  /**
   * Creates a key of {@code userId} in {@code tenantId}, {@code mode} {@code live} or {@code test},
   * with {@code role} and an optional expiry; only its keyed hash is stored.
   */
  public CreatedApiKey create(
      String tenantId, String userId, String name, String mode, Role role, Instant expires) {
    String prefix = Secrets.alphanumeric(12);
    String key = "atl_" + mode + "_" + prefix + "_" + Secrets.alphanumeric(32);
    ApiKey entity = new ApiKey(userId, name, prefix, masterKey.keyedHash(key), mode, role, expires);
    tx.inTenantDo(
        tenantId,
        em -> {
          limits.admit(
              em,
              tenantId,
              PlanLimits.API_KEYS,
              () -> em.createQuery("SELECT COUNT(k) FROM ApiKey k", Long.class).getSingleResult());
          em.persist(entity);
          audit.record(em, "api_key.created", "api_key", entity.id(), entity.name());
        });
    return new CreatedApiKey(
        entity.id(),
        entity.name(),
        key,
        "atl_" + mode + "_" + prefix,
        mode,
        entity.role().wire(),
        entity.createdAt(),
        entity.expiresAt());
  }

  /** The keys of {@code tenantId}, newest first, never their secrets. */
  public Page<ApiKeyView> list(String tenantId, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em ->
            Paging.page(
                em.createQuery(
                    "SELECT k FROM ApiKey k ORDER BY k.createdAt DESC, k.id", ApiKey.class),
                em.createQuery("SELECT COUNT(k) FROM ApiKey k", Long.class),
                page,
                ApiKeyView::of));
  }

  /** Revokes key {@code id}, effective immediately; 404 when there is none or it is revoked. */
  public void revoke(String tenantId, String id) {
    tx.inTenantDo(
        tenantId,
        em -> {
          ApiKey key = em.find(ApiKey.class, id);
          if (key == null || key.revokedAt() != null) {
            throw ApiException.notFound("The API key");
          }
          key.revoke();
          audit.record(em, "api_key.revoked", "api_key", key.id(), key.name());
        });
  }
}
