package dev.atelier.core.plugins;

import dev.atelier.plugin.api.event.EventListener;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import org.pf4j.PluginWrapper;

/**
 * One plugin as the host holds it: what its descriptor says, how loading went, and, once started,
 * its context, persistence unit, routes, listeners and webhook receivers.
 */
public final class HostedPlugin {

  final String id;
  final String version;
  final String provider;
  final String description;
  final String requires;
  final String archive;
  final boolean bundled;
  volatile PluginState state;
  volatile String error;
  PluginWrapper wrapper;
  HostPluginContext context;
  EntityManagerFactory entityManagerFactory;
  List<Object> routes = List.of();
  List<EventListener> listeners = List.of();
  Map<String, WebhookReceiver> webhooks = Map.of();

  HostedPlugin(
      String id,
      String version,
      String provider,
      String description,
      String requires,
      String archive,
      boolean bundled) {
    this.id = id;
    this.version = version;
    this.provider = provider;
    this.description = description;
    this.requires = requires;
    this.archive = archive;
    this.bundled = bundled;
  }

  void fail(PluginState state, String error) {
    this.state = state;
    this.error = error;
  }

  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  public String provider() {
    return provider;
  }

  public String description() {
    return description;
  }

  public String requires() {
    return requires;
  }

  public String archive() {
    return archive;
  }

  public boolean bundled() {
    return bundled;
  }

  public PluginState state() {
    return state;
  }

  public String error() {
    return error;
  }

  public boolean started() {
    return state == PluginState.STARTED;
  }
}
