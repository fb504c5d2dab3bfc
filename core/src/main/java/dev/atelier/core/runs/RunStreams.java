package dev.atelier.core.runs;

import dev.atelier.core.persistence.Transactions;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams a run's events to one client (SSE or WebSocket): the stored events after the client's
 * last one, then new ones as they come (woken by this node's workers, and checking the database
 * every second for events written on other nodes), with text deltas from this node in between,
 * until the run finishes or the client goes away.
 */
@ApplicationScoped
public class RunStreams {

  private static final Logger LOG = Logger.getLogger(RunStreams.class.getName());
  private static final Set<String> FINAL = Set.of("run.succeeded", "run.failed", "run.cancelled");
  private static final Duration MAX = Duration.ofHours(1);
  private static final long KEEPALIVE_MS = 15_000;

  @Inject RunEvents events;
  @Inject Transactions tx;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  /** Streams the run's events as they are stored. */
  void stream(String tenantId, String runId, long after, EventSink sink) {
    stream(tenantId, runId, after, sink, Optional::of, null);
  }

  /**
   * Streams the run's events through {@code view}, which renames, reshapes or drops (empty) each
   * one; {@code first}, when not null, is sent before all others.
   */
  public void stream(
      String tenantId,
      String runId,
      long after,
      EventSink sink,
      Function<RunEvents.Event, Optional<RunEvents.Event>> view,
      RunEvents.Event first) {
    BlockingQueue<RunEvents.Event> live = new LinkedBlockingQueue<>();
    Consumer<RunEvents.Event> listener = live::add;
    events.subscribe(runId, listener);
    executor.execute(
        () -> {
          try (sink) {
            if (first != null) {
              sink.send(first);
            }
            pump(tenantId, runId, after, sink, live, view);
          } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Stream of run " + runId + " ended", e);
          } finally {
            events.unsubscribe(runId, listener);
          }
        });
  }

  private void pump(
      String tenantId,
      String runId,
      long after,
      EventSink sink,
      BlockingQueue<RunEvents.Event> live,
      Function<RunEvents.Event, Optional<RunEvents.Event>> view) {
    long last = after;
    long deadline = System.nanoTime() + MAX.toNanos();
    long quietSince = System.currentTimeMillis();
    while (!sink.isClosed() && System.nanoTime() < deadline) {
      boolean finished = false;
      for (RunEvents.Event e : events.after(tenantId, runId, last)) {
        view.apply(e).ifPresent(v -> sink.send(v));
        last = e.seq();
        finished |= FINAL.contains(e.type());
        quietSince = System.currentTimeMillis();
      }
      if (finished
          || (last == after
              && terminal(tenantId, runId)
              && events.after(tenantId, runId, last).isEmpty())) {
        return;
      }
      RunEvents.Event next;
      try {
        next = live.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      while (next != null) {
        if (next.seq() == 0) {
          view.apply(next).ifPresent(v -> sink.send(v)); // a delta: live only
          quietSince = System.currentTimeMillis();
        }
        next = live.poll();
      }
      if (System.currentTimeMillis() - quietSince > KEEPALIVE_MS) {
        sink.keepAlive();
        quietSince = System.currentTimeMillis();
      }
    }
  }

  private boolean terminal(String tenantId, String runId) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Run r = em.find(Run.class, runId);
          return r == null || r.status().terminal();
        });
  }
}
