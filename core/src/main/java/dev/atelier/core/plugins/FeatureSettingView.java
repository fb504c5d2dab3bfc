package dev.atelier.core.plugins;

import dev.atelier.core.features.FeatureSetting;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The platform setting of a feature. */
public record FeatureSettingView(
    String key,
    boolean enabledByDefault,
    boolean tenantCanToggle,
    @Schema(nullable = true) Instant updatedAt) {

  /** The view of {@code s}, or of the default (on, tenants may switch) when it is null. */
  static FeatureSettingView of(String key, FeatureSetting s) {
    return s == null
        ? new FeatureSettingView(key, true, true, null)
        : new FeatureSettingView(key, s.enabledByDefault(), s.tenantCanToggle(), s.updatedAt());
  }
}
