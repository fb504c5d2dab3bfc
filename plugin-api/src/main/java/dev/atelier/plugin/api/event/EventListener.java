package dev.atelier.plugin.api.event;

import dev.atelier.plugin.api.PluginSession;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Receives events after the work that caused them committed, in a session bound to the event's
 * tenant, on a background thread of any node. Each event arrives at least once, and the events of
 * one subject arrive in the order they were committed. An exception means "not now": the event is
 * delivered again after 1, 2, 4 … seconds, until {@code atelier.events.max-attempts} attempts have
 * failed, when it is left for a superuser to retry; other listeners are not affected, nor is the
 * cause. Since an event can arrive more than once (a retry, a node that died while delivering it),
 * a listener acts idempotently, by {@link DomainEvent#id()} where its work is not naturally so. Not
 * called for tenants that have the plugin switched off.
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
