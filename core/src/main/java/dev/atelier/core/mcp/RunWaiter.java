package dev.atelier.core.mcp;

import dev.atelier.core.runs.EventSink;
import dev.atelier.core.runs.RunEvents;
import dev.atelier.core.runs.RunStreams;
import dev.atelier.core.runs.RunView;
import dev.atelier.core.runs.Runs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits, for a bounded time, for a run to finish: follows its stored events (through {@link
 * RunStreams}, so a run worked on by another node is followed too) and reports each one as progress
 * from the waiting thread.
 */
@ApplicationScoped
public class RunWaiter {

  private static final Set<String> FINAL = Set.of("run.succeeded", "run.failed", "run.cancelled");

  @Inject RunStreams streams;
  @Inject Runs runs;

  /**
   * The run {@code runId} once it has finished, or as it is after {@code seconds}; {@code progress}
   * receives the type of each event before the last.
   */
  public RunView await(String tenantId, String runId, long seconds, Consumer<String> progress) {
    Follower follower = new Follower();
    streams.stream(tenantId, runId, 0, follower, Optional::of, null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      for (long left = deadline - System.nanoTime();
          left > 0;
          left = deadline - System.nanoTime()) {
        RunEvents.Event e = follower.events.poll(left, TimeUnit.NANOSECONDS);
        if (e == null || e == Follower.END || FINAL.contains(e.type())) {
          break;
        }
        if (e.seq() > 0) {
          progress.accept(e.type());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      follower.close();
    }
    return runs.view(tenantId, runId);
  }

  /** Follows a run's stored events into a queue, which the waiting thread reads. */
  private static final class Follower implements EventSink {
    static final RunEvents.Event END = new RunEvents.Event(-1, "end", "{}");
    final BlockingQueue<RunEvents.Event> events = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void send(RunEvents.Event e) {
      if (closed) {
        throw new IllegalStateException("no longer followed");
      }
      events.add(e);
    }

    @Override
    public void keepAlive() {
      // nothing travels: the waiting request holds its own connection
    }

    @Override
    public void close() {
      closed = true;
      events.add(END);
    }
  }
}
