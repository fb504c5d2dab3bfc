package dev.atelier.plugin.api.event;

import java.util.Map;

/**
 * Publishes a plugin's own events in the session's tenant; listeners receive them after the current
 * work (the request, or the transaction in progress) has committed.
 *
 * @since 1.0.0
 */
public interface EventPublisher {

  /** Publishes {@code <plugin-id>.<name>} about {@code subjectId}. */
  void publish(String name, String subjectId, Map<String, String> attributes);
}
