package dev.atelier.core.plugins;

import dev.atelier.core.events.OutboxConsumer;
import dev.atelier.core.features.Features;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import java.util.Set;

/**
 * The outbox consumer of one plugin's {@link EventListener}, named {@code plugin:<id>:<listener
 * class>}: delivers in a session of the plugin bound to the event's tenant, and does nothing for a
 * tenant that has the plugin switched off.
 */
final class ListenerConsumer implements OutboxConsumer {

  private final HostedPlugin plugin;
  private final EventListener listener;
  private final Features features;
  private final String name;

  ListenerConsumer(HostedPlugin plugin, EventListener listener, Features features) {
    this.plugin = plugin;
    this.listener = listener;
    this.features = features;
    this.name = "plugin:" + plugin.id + ":" + listener.getClass().getName();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean accepts(String type) {
    Set<String> types = listener.eventTypes();
    return types == null || types.isEmpty() || types.contains(type);
  }

  @Override
  public void deliver(DomainEvent event) {
    if (!plugin.started()) {
      throw new IllegalStateException("Plugin " + plugin.id + " is stopping"); // later, elsewhere
    }
    if (event.tenantId() != null && !features.enabled(event.tenantId(), plugin.id)) {
      return; // switched off for the tenant: nothing to do
    }
    HostPluginSession session = new HostPluginSession(plugin.context, event.tenantId(), null);
    PluginSessions.with(
        session,
        () -> {
          listener.onEvent(session, event);
          return null;
        });
  }
}
