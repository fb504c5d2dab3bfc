package dev.atelier.core.plugins;

import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.secrets.SecretStore;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the core uses what plugins provide: the extensions of the started plugins by type, each with
 * the id of its plugin, and calls into them in a session of their plugin for a tenant that has the
 * plugin switched on.
 */
@ApplicationScoped
public class Extensions {

  @Inject PluginLifecycle lifecycle;
  @Inject PluginServices services;

  /** An extension of a started plugin, with the plugin's id. */
  public record Provided<T>(String pluginId, T extension) {}

  /** The extensions of {@code type} of every started plugin, in load order. */
  public <T> List<Provided<T>> all(Class<T> type) {
    List<Provided<T>> out = new ArrayList<>();
    for (HostedPlugin p : lifecycle.plugins()) {
      if (p.started()) {
        for (T e : lifecycle.extensionsOf(type, p.id)) {
          out.add(new Provided<>(p.id, e));
        }
      }
    }
    return out;
  }

  /**
   * Runs {@code work} in a session of started plugin {@code pluginId} bound to {@code tenantId}
   * with no caller: how core calls into a plugin's providers and tools on a tenant's behalf. Throws
   * 403 {@code feature_disabled} when the tenant has the plugin switched off.
   */
  public <T> T inSession(String pluginId, String tenantId, Function<PluginSession, T> work) {
    HostedPlugin p =
        lifecycle.started(pluginId).orElseThrow(() -> ProblemException.notFound("The plugin"));
    if (!services.features().enabled(tenantId, pluginId)) {
      throw PluginRouteFilter.featureDisabled(pluginId);
    }
    HostPluginSession session = new HostPluginSession(p.context, tenantId, null);
    return PluginSessions.with(session, () -> work.apply(session));
  }

  /**
   * The encrypted secrets of plugin {@code pluginId} in {@code tenantId}: for core services that
   * keep what a plugin's extension needs (a model provider's credentials).
   */
  public SecretStore secrets(String pluginId, String tenantId) {
    return new PluginSecrets(services, pluginId, tenantId);
  }
}
