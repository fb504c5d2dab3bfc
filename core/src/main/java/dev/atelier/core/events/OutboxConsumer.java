package dev.atelier.core.events;

import dev.atelier.plugin.api.event.DomainEvent;

/**
 * A consumer of domain events: a plugin's listener, or a part of the core (mail, webhooks). It gets
 * each event it accepts at least once, in order for the events of one subject; an event may come
 * again (after a failure, or a node that died while delivering it), so it acts idempotently by
 * {@link DomainEvent#id()}.
 */
public interface OutboxConsumer {

  /** A name that stays the same across restarts: deliveries are recorded under it. */
  String name();

  /** Whether this consumer wants events of {@code type}. */
  boolean accepts(String type);

  /** Handles {@code event}; an exception means "try again later". */
  void deliver(DomainEvent event) throws Exception;
}
