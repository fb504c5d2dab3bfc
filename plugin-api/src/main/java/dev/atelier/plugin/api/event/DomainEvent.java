package dev.atelier.plugin.api.event;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in a tenant: {@code type} ({@code project.deleted}, or {@code
 * <plugin-id>.<name>} for a plugin's own), the id of what it happened to, a few string attributes
 * and when. Core's types are listed in {@link CoreEvents}.
 *
 * @param id a unique id of this event
 * @param type the event type
 * @param tenantId the tenant it happened in
 * @param subjectId the id of the thing it happened to (project id, user id, ...)
 * @param attributes extra facts, e.g. {@code slug}
 * @param occurredAt when it was committed
 * @since 1.0.0
 */
public record DomainEvent(
    String id,
    String type,
    String tenantId,
    String subjectId,
    Map<String, String> attributes,
    Instant occurredAt) {

  public DomainEvent {
    attributes = Map.copyOf(attributes);
  }
}
