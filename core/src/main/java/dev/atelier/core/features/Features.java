package dev.atelier.core.features;

import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.ProblemException;
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
  @Inject Transactions tx;
  @Inject FeatureCatalog catalog;
  @Inject Outbox events;
  @Inject Audit audit;

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

  /** The features of {@code tenantId}: every started plugin, on or off. */
  public FeatureList list(String tenantId) {
    return tx.inPlatform(
        em ->
            new FeatureList(
                catalog.all().stream()
                    .map(f -> FeatureView.of(f, state(em, tenantId, f.key())))
                    .toList()));
  }

  /**
   * Switches feature {@code key} on or off for {@code tenantId}; 404 when no started plugin has
   * that id, 403 when the platform sets it for every workspace.
   */
  public FeatureView switchFor(String tenantId, String key, boolean enabled) {
    FeatureCatalog.Feature feature =
        catalog.find(key).orElseThrow(() -> ProblemException.notFound("The feature"));
    FeatureView view =
        tx.inPlatform(
            em -> {
              State before = state(em, tenantId, key);
              if (!before.tenantCanToggle()) {
                throw ProblemException.forbidden(
                    "The feature '" + key + "' is set by the platform for every workspace.");
              }
              TenantFeature own =
                  em.find(TenantFeature.class, new TenantFeature.Key(tenantId, key));
              if (own == null) {
                em.persist(new TenantFeature(tenantId, key, enabled));
              } else {
                own.switchTo(enabled);
              }
              em.flush();
              return FeatureView.of(feature, state(em, tenantId, key));
            });
    tx.inTenantDo(
        tenantId,
        em -> {
          audit.record(em, "feature.switched", "feature", key, "enabled=" + enabled);
          events.publish(
              CoreEvents.FEATURE_CHANGED, tenantId, key, Map.of("enabled", "" + enabled));
        });
    return view;
  }
}
