package dev.atelier.test.greeter;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Remembers every event it receives, per tenant, as {@code type:subject}. Two behaviours for the
 * outbox's tests, chosen by the slug of the project an event is about: {@code refuse<N>-…} makes the
 * first N attempts at each of its events fail; a slug starting with the configured {@code hold}
 * prefix makes the delivery wait ten minutes, after recording {@code holding:<subject>}.
 */
@Extension
public class EventRecorder implements EventListener {

  private static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  private static final Pattern REFUSE = Pattern.compile("refuse(\\d+)-.*");

  private final PluginContext context;

  public EventRecorder(PluginContext context) {
    this.context = context;
  }

  static List<String> seen(String tenantId) {
    return List.copyOf(SEEN.getOrDefault(tenantId, List.of()));
  }

  @Override
  public void onEvent(PluginSession session, DomainEvent event) {
    if (!session.tenantId().equals(event.tenantId())) {
      throw new IllegalStateException("session of another tenant");
    }
    String slug = event.attributes().getOrDefault("slug", "");
    String hold = context.config().get("hold", "");
    if (!hold.isEmpty() && slug.startsWith(hold)) {
      record(event.tenantId(), "holding:" + event.subjectId());
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while holding", e);
      }
    }
    int attempt = ATTEMPTS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    Matcher refuse = REFUSE.matcher(slug);
    if (refuse.matches() && attempt <= Integer.parseInt(refuse.group(1))) {
      throw new IllegalStateException("refused attempt " + attempt + " at " + event.type());
    }
    record(event.tenantId(), event.type() + ":" + event.subjectId());
  }

  private static void record(String tenantId, String entry) {
    SEEN.computeIfAbsent(tenantId, t -> new CopyOnWriteArrayList<>()).add(entry);
  }
}
