package dev.atelier.plugin.api.event;

import dev.atelier.plugin.api.PluginSession;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Receives events after the work that caused them committed, in a session bound to the event's
 * tenant, on a background thread. Not called for tenants that switched the plugin off. An exception
 * is logged and does not affect other listeners or the cause.
 *
 * @since 1.0.0
 */
public interface EventListener extends ExtensionPoint {

  /** The types to receive; empty for all. */
  default Set<String> eventTypes() {
    return Set.of();
  }

  /** Handles one event. */
  void onEvent(PluginSession session, DomainEvent event);
}
