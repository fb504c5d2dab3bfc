package dev.atelier.core.features;

import dev.atelier.core.plugins.HostedPlugin;
import java.time.Instant;

/** One feature as a workspace sees it. */
public record FeatureView(
    String key,
    String name,
    String description,
    boolean enabled,
    boolean enabledByDefault,
    boolean tenantCanToggle,
    String source,
    Instant updatedAt) {

  static FeatureView of(HostedPlugin p, Features.State s) {
    return new FeatureView(
        p.id(),
        p.id(),
        p.description(),
        s.enabled(),
        s.enabledByDefault(),
        s.tenantCanToggle(),
        s.source(),
        s.updatedAt());
  }
}
