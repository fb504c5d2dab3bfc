package dev.atelier.core.plugins;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plugin found at start-up, as superusers see it. */
public record PluginView(
    @Schema(nullable = true) String id,
    @Schema(nullable = true) String version,
    @Schema(nullable = true) String provider,
    @Schema(nullable = true) String description,
    @Schema(nullable = true) String requires,
    String state,
    @Schema(nullable = true) String error,
    @Schema(nullable = true) String archive,
    boolean bundled) {

  static PluginView of(HostedPlugin p) {
    return new PluginView(
        p.id(),
        p.version(),
        p.provider(),
        p.description(),
        p.requires(),
        p.state().name(),
        p.error(),
        p.archive(),
        p.bundled());
  }
}
