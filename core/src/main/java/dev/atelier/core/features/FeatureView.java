package dev.atelier.core.features;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One feature as a workspace sees it. */
public record FeatureView(
    String key,
    String name,
    String description,
    boolean enabled,
    boolean enabledByDefault,
    boolean tenantCanToggle,
    String source,
    @Schema(nullable = true) Instant updatedAt) {

  static FeatureView of(FeatureCatalog.Feature f, Features.State s) {
    return new FeatureView(
        f.key(),
        f.key(),
        f.description(),
        s.enabled(),
        s.enabledByDefault(),
        s.tenantCanToggle(),
        s.source(),
        s.updatedAt());
  }
}
