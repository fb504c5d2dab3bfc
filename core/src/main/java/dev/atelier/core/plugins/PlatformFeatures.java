package dev.atelier.core.plugins;

import dev.atelier.core.features.FeatureSetting;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The platform's setting of each feature (started plugin): on or off by default, and whether a
 * workspace may switch it itself. A feature without a setting is on and may be switched.
 */
@ApplicationScoped
public class PlatformFeatures {

  @Inject PluginLifecycle lifecycle;
  @Inject Transactions tx;

  /** The settings of every started plugin, in load order. */
  public List<FeatureSettingView> all() {
    return tx.inPlatform(
        em ->
            lifecycle.plugins().stream()
                .filter(HostedPlugin::started)
                .map(p -> FeatureSettingView.of(p.id(), em.find(FeatureSetting.class, p.id())))
                .toList());
  }

  /** Sets feature {@code key}'s platform setting; 404 when no started plugin has that id. */
  public FeatureSettingView set(String key, boolean enabledByDefault, boolean tenantCanToggle) {
    lifecycle.started(key).orElseThrow(() -> ProblemException.notFound("The feature"));
    return tx.inPlatform(
        em -> {
          FeatureSetting s = em.find(FeatureSetting.class, key);
          if (s == null) {
            s = new FeatureSetting(key, enabledByDefault, tenantCanToggle);
            em.persist(s);
          } else {
            s.change(enabledByDefault, tenantCanToggle);
          }
          return FeatureSettingView.of(key, s);
        });
  }
}
