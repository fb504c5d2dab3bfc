package dev.atelier.core.events;

import dev.atelier.core.api.JsonP;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.event.DomainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes domain events through the transactional outbox: the event, and one delivery for each
 * consumer that wants it, are written in the transaction of the change that causes them, so an
 * event exists exactly when its change committed. {@link OutboxDispatcher} delivers them after the
 * commit, on this node or any other, at least once and in order per subject and consumer.
 */
@ApplicationScoped
public class Outbox {

  @Inject Transactions tx;
  @Inject OutboxDispatcher dispatcher;

  private final List<OutboxConsumer> consumers = new CopyOnWriteArrayList<>();

  /** Adds a consumer; its name must not change across restarts (deliveries are kept under it). */
  public void register(OutboxConsumer consumer) {
    consumers.removeIf(c -> c.name().equals(consumer.name()));
    consumers.add(consumer);
  }

  /** The consumer named {@code name} on this node, or null. */
  OutboxConsumer consumer(String name) {
    for (OutboxConsumer c : consumers) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Writes event {@code type} about {@code subjectId} in {@code tenantId}, with {@code attributes},
   * in the unit of work in progress on this thread (or a transaction of its own when there is
   * none), and has it delivered once that commits. Returns the event, with its id.
   */
  public DomainEvent publish(
      String type, String tenantId, String subjectId, Map<String, String> attributes) {
    DomainEvent event =
        new DomainEvent(
            UUID.randomUUID().toString(),
            type,
            tenantId,
            subjectId,
            Map.copyOf(attributes == null ? Map.of() : attributes),
            Times.now());
    List<String> wanting =
        consumers.stream().filter(c -> c.accepts(type)).map(OutboxConsumer::name).toList();
    if (wanting.isEmpty()) {
      return event;
    }
    EntityManager em = Transactions.current().orElse(null);
    if (em == null) {
      tx.inPlatformDo(own -> write(own, event, wanting));
    } else {
      write(em, event, wanting);
    }
    Transactions.afterCommit(dispatcher::wake);
    return event;
  }

  private static void write(EntityManager em, DomainEvent event, List<String> consumers) {
    Timestamp at = Timestamp.from(event.occurredAt());
    em.createNativeQuery(
            "INSERT INTO outbox_events (id, tenant_id, type, subject_id, aggregate, attributes,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .setParameter(1, event.id())
        .setParameter(2, event.tenantId())
        .setParameter(3, event.type())
        .setParameter(4, event.subjectId())
        .setParameter(5, aggregate(event))
        .setParameter(6, toJson(event.attributes()))
        .setParameter(7, at)
        .executeUpdate();
    for (String consumer : consumers) {
      em.createNativeQuery(
              "INSERT INTO outbox_deliveries (event_id, consumer, status, attempts,"
                  + " next_attempt_at) VALUES (?, ?, 'pending', 0, ?)")
          .setParameter(1, event.id())
          .setParameter(2, consumer)
          .setParameter(3, at)
          .executeUpdate();
    }
  }

  /** What the event is ordered with: the events of its subject, else of its tenant. */
  static String aggregate(DomainEvent event) {
    if (event.subjectId() != null) {
      return event.subjectId();
    }
    return event.tenantId() != null ? "tenant:" + event.tenantId() : "platform";
  }

  static String toJson(Map<String, String> attributes) {
    JsonObjectBuilder b = JsonP.JSON.createObjectBuilder();
    attributes.forEach(b::add);
    return b.build().toString();
  }

  static Map<String, String> fromJson(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    try (var reader = JsonP.JSON.createReader(new java.io.StringReader(json))) {
      JsonObject o = reader.readObject();
      o.forEach(
          (k, v) -> {
            if (v instanceof JsonString s) {
              out.put(k, s.getString());
            }
          });
    }
    return out;
  }

  /** An event read back from the outbox. */
  static DomainEvent event(
      String id,
      String type,
      String tenantId,
      String subjectId,
      String attributes,
      Instant occurredAt) {
    return new DomainEvent(id, type, tenantId, subjectId, fromJson(attributes), occurredAt);
  }
}
