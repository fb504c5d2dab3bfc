package dev.atelier.core.features;

import dev.atelier.core.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;

/**
 * Decides whether a feature is on for a tenant: the tenant's own switch while the platform lets
 * tenants toggle the feature, else the platform's default (on when the platform never set one).
 */
@ApplicationScoped
public class Features {

  @Inject Database database;

  /** The state of one feature for one tenant. */
  public record State(
      String key,
      boolean enabled,
      boolean enabledByDefault,
      boolean tenantCanToggle,
      String source,
      Instant updatedAt) {}

  /** Whether {@code key} is on for {@code tenantId}; reads the database (two key lookups). */
  public boolean enabled(String tenantId, String key) {
    EntityManager em = database.entityManagerFactory().createEntityManager(Map.of());
    try {
      return state(em, tenantId, key).enabled();
    } finally {
      em.close();
    }
  }

  /** The state of {@code key} for {@code tenantId}, read through {@code em}. */
  public State state(EntityManager em, String tenantId, String key) {
    FeatureSetting platform = em.find(FeatureSetting.class, key);
    boolean byDefault = platform == null || platform.enabledByDefault();
    boolean toggle = platform == null || platform.tenantCanToggle();
    if (toggle && tenantId != null) {
      TenantFeature own = em.find(TenantFeature.class, new TenantFeature.Key(tenantId, key));
      if (own != null) {
        return new State(key, own.enabled(), byDefault, true, "tenant", own.updatedAt());
      }
    }
    return new State(
        key,
        byDefault,
        byDefault,
        toggle,
        "platform",
        platform == null ? null : platform.updatedAt());
  }
}
