package dev.atelier.core.runs;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.platform.Threads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams runs' events to clients (SSE or WebSocket) on this node without a thread per client: the
 * stored events after the client's last one, then new ones as they come, with text deltas from this
 * node in between, until the run finishes or the client goes away.
 *
 * <p>Events appended on this node are handed to each client's queue by the appending thread; a
 * short task on a small pool of its own ({@code atelier.streams.threads}) writes a client's queue
 * out, one task at a time per client, so a slow client delays only itself. Once a second one sweep
 * sends keep-alives, ends streams that are stuck, expired or whose run has finished, and looks in
 * the database (one query for all runs) for events written by other nodes. See ADR 0008.
 */
@ApplicationScoped
public class RunStreams implements StreamSubscriber.Source {

  private static final Logger LOG = Logger.getLogger(RunStreams.class.getName());
  private static final Duration MAX = Duration.ofHours(1);
  private static final long KEEPALIVE_NANOS = Duration.ofSeconds(15).toNanos();
  private static final long SEND_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
  private static final long SWEEP_MS = 1000;
  private static final long QUIET_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long FINISH_CHECK_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long FINISH_GRACE_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int BATCH = 256;
  private static final int IN_LIST = 500;

  /** Events waiting for one client before its deltas are dropped (stored ones are re-read). */
  static final int QUEUE_LIMIT = 1000;

  @Inject RunEvents events;
  @Inject Transactions tx;
  @Inject Database database;
  @Inject AtelierConfig config;

  @Inject Threads threads;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile long lastFinishCheck = System.nanoTime();
  private ExecutorService pool;
  private ScheduledFuture<?> sweeper;

  @PostConstruct
  void start() {
    int n = config.streamThreads();
    // platform threads even where work runs on virtual ones: writing events is CPU work on the
    // latency path, and virtual threads, never preempted, let a busy writer hold a carrier while
    // other streams wait (measured: p99 at 200 chats, docs/benchmarks.md)
    pool =
        threads.platform(
            "streams", n, new LinkedBlockingQueue<>(), new ThreadPoolExecutor.AbortPolicy());
    sweeper =
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    sweeper.cancel(false);
    topics.values().forEach(t -> t.subscribers.forEach(StreamSubscriber::abandon));
    pool.shutdownNow();
  }

  /** Streams the run's events as they are stored. */
  void stream(String tenantId, String runId, long after, EventSink sink) {
    stream(tenantId, runId, after, sink, Optional::of, null);
  }

  /**
   * Streams the run's events through {@code view}, which renames, reshapes or drops (empty) each
   * one; {@code first}, when not null, is sent before all others. Returns at once: the events are
   * written from other threads, and {@code sink} is closed when the run has finished.
   */
  public void stream(
      String tenantId,
      String runId,
      long after,
      EventSink sink,
      Function<RunEvents.Event, Optional<RunEvents.Event>> view,
      RunEvents.Event first) {
    StreamSubscriber s =
        new StreamSubscriber(
            tenantId,
            runId,
            after,
            sink,
            view,
            first,
            QUEUE_LIMIT,
            System.nanoTime() + MAX.toNanos());
    // listening before the first read of the backlog, so nothing falls between the two
    topics.compute(
        runId,
        (k, t) -> {
          if (t == null) {
            t = new Topic(tenantId, runId);
            events.subscribe(runId, t);
          }
          t.subscribers.add(s);
          return t;
        });
    schedule(s);
  }

  /** How many clients this node streams to now. */
  int clients() {
    return topics.values().stream().mapToInt(t -> t.subscribers.size()).sum();
  }

  private void schedule(StreamSubscriber s) {
    if (s.schedule()) {
      try {
        pool.execute(() -> drain(s));
      } catch (RejectedExecutionException shuttingDown) {
        s.abandon();
      }
    }
  }

  private void drain(StreamSubscriber s) {
    boolean more;
    try {
      more = s.drain(this, BATCH);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Stream of run " + s.runId + " ended", e);
      s.close();
      more = false;
    }
    if (s.closed()) {
      remove(s);
    } else if (more) {
      schedule(s);
    }
  }

  private void remove(StreamSubscriber s) {
    topics.computeIfPresent(
        s.runId,
        (k, t) -> {
          t.subscribers.remove(s);
          if (t.subscribers.isEmpty()) {
            events.unsubscribe(k, t);
            return null;
          }
          return t;
        });
  }

  /** Once a second: keep-alives, stuck and expired streams, events from other nodes. */
  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Topic t : topics.values()) {
        for (StreamSubscriber s : t.subscribers) {
          long since = s.sendingSinceNanos();
          if (s.closed()) {
            remove(s);
          } else if (since != 0 && now - since > SEND_TIMEOUT_NANOS) {
            LOG.fine("A client of run " + s.runId + " stopped reading; its stream is closed");
            s.abandon();
            remove(s);
            closeQuietly(s);
          } else if (now - s.deadline > 0 || s.sink.isClosed()) {
            s.expire();
            schedule(s);
          } else if (s.keepAliveIfQuiet(KEEPALIVE_NANOS)) {
            schedule(s);
          }
        }
      }
      if (!topics.isEmpty() && polling.compareAndSet(false, true)) {
        pool.execute(this::pollOthers);
      }
    } catch (RuntimeException e) {
      polling.set(false);
      LOG.log(database.health().logLevel(), "Sweeping run streams failed", e);
    }
  }

  private void closeQuietly(StreamSubscriber s) {
    try {
      pool.execute(s.sink::close);
    } catch (RejectedExecutionException shuttingDown) {
      // the server is stopping
    }
  }

  /**
   * Brings the events of runs that are quiet here (running on another node, or queued) to their
   * clients: one query finds which runs have new stored events, one read per such run fetches them
   * for all its clients. Every few seconds, one query finds which runs have finished: their streams
   * get what is left and close.
   */
  private void pollOthers() {
    try {
      long now = System.nanoTime();
      List<Topic> quiet = new ArrayList<>();
      for (Topic t : topics.values()) {
        if (now - t.lastLocalNanos > QUIET_NANOS) {
          quiet.add(t);
        }
      }
      for (int from = 0; from < quiet.size(); from += IN_LIST) {
        List<Topic> part = quiet.subList(from, Math.min(quiet.size(), from + IN_LIST));
        Map<String, Long> latest = events.latest(part.stream().map(t -> t.runId).toList());
        for (Topic t : part) {
          Long seq = latest.get(t.runId);
          long behind = t.subscribers.stream().mapToLong(StreamSubscriber::last).min().orElse(-1);
          if (seq != null && behind >= 0 && seq > behind) {
            for (RunEvents.Event e : events.after(t.tenantId, t.runId, behind)) {
              t.offer(e);
            }
          }
        }
      }
      if (now - lastFinishCheck > FINISH_CHECK_NANOS) {
        lastFinishCheck = now;
        endFinished(quiet, now);
      }
    } catch (RuntimeException e) {
      LOG.log(database.health().logLevel(), "Reading run events for streams failed", e);
    } finally {
      polling.set(false);
    }
  }

  /**
   * Streams of finished runs: they read the database once more (the run's status changes just
   * before its last event is stored), and close a few seconds later if no final event came (a run
   * that was deleted).
   */
  private void endFinished(List<Topic> quiet, long now) {
    for (int from = 0; from < quiet.size(); from += IN_LIST) {
      List<Topic> part = quiet.subList(from, Math.min(quiet.size(), from + IN_LIST));
      Set<String> open = unfinished(part.stream().map(t -> t.runId).toList());
      for (Topic t : part) {
        if (open.contains(t.runId)) {
          continue;
        }
        if (t.finishedSince == 0) {
          t.finishedSince = now;
        }
        boolean late = now - t.finishedSince > FINISH_GRACE_NANOS;
        for (StreamSubscriber s : t.subscribers) {
          if (late) {
            s.end();
          } else {
            s.catchUp();
          }
          schedule(s);
        }
      }
    }
  }

  /** Which of {@code runIds} exist and have not finished. */
  private Set<String> unfinished(List<String> runIds) {
    Set<String> out = new HashSet<>();
    String marks = String.join(", ", Collections.nCopies(runIds.size(), "?"));
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT id FROM runs WHERE id IN ("
                    + marks
                    + ") AND status IN ('queued', 'running', 'awaiting_approval')")) {
      for (int i = 0; i < runIds.size(); i++) {
        st.setString(i + 1, runIds.get(i));
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the status of runs", e);
    }
    return out;
  }

  @Override
  public List<RunEvents.Event> after(String tenantId, String runId, long seq) {
    return events.after(tenantId, runId, seq);
  }

  @Override
  public boolean terminal(String tenantId, String runId) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Run r = em.find(Run.class, runId);
          return r == null || r.status().terminal();
        });
  }

  /** The clients of one run on this node; listens to the run's events appended here. */
  private final class Topic implements Consumer<RunEvents.Event> {
    final String tenantId;
    final String runId;
    final Set<StreamSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    volatile long lastLocalNanos = System.nanoTime() - QUIET_NANOS - 1;
    volatile long finishedSince;

    Topic(String tenantId, String runId) {
      this.tenantId = tenantId;
      this.runId = runId;
    }

    /** An event appended on this node, on the appending thread: queue it, never block. */
    @Override
    public void accept(RunEvents.Event e) {
      lastLocalNanos = System.nanoTime();
      offer(e);
    }

    void offer(RunEvents.Event e) {
      for (StreamSubscriber s : subscribers) {
        if (s.offer(e)) {
          schedule(s);
        }
      }
    }
  }
}
