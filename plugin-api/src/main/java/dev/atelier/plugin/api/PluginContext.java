package dev.atelier.plugin.api;

import java.util.function.Function;
import java.util.logging.Logger;

/**
 * What the host gives a plugin: who it is, its configuration, a logger and, per call, a {@link
 * PluginSession} with the current tenant and the core services. One context per plugin, created
 * once at load, valid until shutdown; safe to keep in fields and to use from any thread.
 *
 * <p>Extensions receive it through a public constructor taking a {@code PluginContext} (or have a
 * no-argument constructor and do without).
 *
 * @since 1.0.0
 */
public interface PluginContext {

  /** The plugin's id ({@code Plugin-Id}), which is also its feature key. */
  String pluginId();

  /** The plugin API version of the host, e.g. {@code 1.0.0}. */
  String apiVersion();

  /** The plugin's configuration: MicroProfile Config keys {@code atelier.plugin.<id>.*}. */
  PluginConfig config();

  /** A logger named after the plugin. */
  Logger logger();

  /**
   * The session of the call in progress: inside a route, an event listener, a webhook or work the
   * scheduler runs. Throws {@link IllegalStateException} outside of one.
   */
  PluginSession session();

  /**
   * Runs {@code work} in a session bound to {@code tenantId} without a caller (for inbound webhooks
   * and background work that find their tenant themselves). Throws {@link
   * dev.atelier.plugin.api.web.ProblemException} 404 when no such tenant exists and 403 {@code
   * feature_disabled} when the plugin is switched off for it.
   */
  <T> T inTenant(String tenantId, Function<PluginSession, T> work);

  /**
   * The plugin's own tables as one platform-wide set, not bound to a tenant: for what belongs to no
   * single workspace (a catalogue that every workspace browses). The host stamps and filters its
   * rows with a fixed platform marker in {@code tenant_id}, so they never mix with a tenant's rows;
   * the plugin keeps the owning workspace in columns of its own and checks access itself. A host
   * without it throws {@link UnsupportedOperationException}.
   *
   * @since 1.1.0
   */
  default dev.atelier.plugin.api.data.PluginData platformData() {
    throw new UnsupportedOperationException("This host has no platform-wide plugin data");
  }
}
