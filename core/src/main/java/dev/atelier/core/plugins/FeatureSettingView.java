package dev.atelier.core.plugins;

import dev.atelier.core.features.FeatureSetting;
import java.time.Instant;

/** The platform setting of a feature. */
public record FeatureSettingView(
    String key, boolean enabledByDefault, boolean tenantCanToggle, Instant updatedAt) {

  /** The view of {@code s}, or of the default (on, tenants may switch) when it is null. */
  static FeatureSettingView of(String key, FeatureSetting s) {
    return s == null
        ? new FeatureSettingView(key, true, true, null)
        : new FeatureSettingView(key, s.enabledByDefault(), s.tenantCanToggle(), s.updatedAt());
  }
}
