package dev.atelier.plugin.api.event;

import java.util.Map;

/**
 * Publishes a plugin's own events in the session's tenant. The event is written with the
 * transaction in progress ({@link dev.atelier.plugin.api.data.PluginData#inTransaction}), so it
 * exists exactly when that commits, or at once when there is none; listeners receive it after that,
 * as {@link EventListener} describes.
 *
 * @since 1.0.0
 */
public interface EventPublisher {

  /** Publishes {@code <plugin-id>.<name>} about {@code subjectId}. */
  void publish(String name, String subjectId, Map<String, String> attributes);
}
