package dev.atelier.test.greeter;

import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pf4j.Extension;

/** Remembers every event it receives, per tenant. */
@Extension
public class EventRecorder implements EventListener {

  private static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

  static List<String> seen(String tenantId) {
    return List.copyOf(SEEN.getOrDefault(tenantId, List.of()));
  }

  @Override
  public void onEvent(PluginSession session, DomainEvent event) {
    if (!session.tenantId().equals(event.tenantId())) {
      throw new IllegalStateException("session of another tenant");
    }
    SEEN.computeIfAbsent(event.tenantId(), t -> new CopyOnWriteArrayList<>())
        .add(event.type() + ":" + event.subjectId());
  }
}
