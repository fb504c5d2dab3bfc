package dev.atelier.core.plugins;

/** A plugin found at start-up, as superusers see it. */
public record PluginView(
    String id,
    String version,
    String provider,
    String description,
    String requires,
    String state,
    String error,
    String archive,
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
