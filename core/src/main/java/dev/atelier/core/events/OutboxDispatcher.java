package dev.atelier.core.events;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.platform.Threads;
import dev.atelier.plugin.api.event.DomainEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the outbox's events on every node: each second (and at once after a commit on this node,
 * or a delivery finishing) it claims due deliveries, as many as it has free delivery threads, each
 * under a lease taken with a conditional update, so one node delivers it at a time. A node renews
 * the leases of the deliveries it is making; one that dies loses them when they run out, and
 * another node makes those deliveries again. For one consumer, an event waits while an earlier
 * event of the same subject is still pending, so each consumer sees a subject's events in order. A
 * failed delivery is tried again after 1, 2, 4 … seconds (at most five minutes apart) and after
 * {@code atelier.events.max-attempts} attempts is left {@code failed}: it no longer holds back the
 * subject's later events, and a superuser sees it and can retry it. Events delivered to every
 * consumer are deleted after a week.
 */
@ApplicationScoped
public class OutboxDispatcher {

  private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class.getName());
  private static final int BATCH = 50;
  private static final int DELIVERERS = 4;
  private static final Duration KEEP = Duration.ofDays(7);

  @Inject Database database;
  @Inject AtelierConfig config;
  @Inject Threads threads;
  @Inject Provider<Outbox> outbox;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final String node = "node-" + UUID.randomUUID();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private ThreadPoolExecutor poller;
  private ExecutorService deliverers;
  private ScheduledFuture<?> timer;
  private volatile boolean stopping;
  private volatile long nextPurge;
  private volatile long nextRenewal;

  /** Starts delivering; called once at start-up, after the consumers registered. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    poller =
        threads.platform(
            "events-poller",
            1,
            new ArrayBlockingQueue<>(1),
            new ThreadPoolExecutor.DiscardPolicy());
    deliverers =
        threads.executor(
            "events",
            DELIVERERS,
            new LinkedBlockingQueue<>(),
            new ThreadPoolExecutor.AbortPolicy());
    timer = scheduler.scheduleWithFixedDelay(this::tick, 1000, 1000, TimeUnit.MILLISECONDS);
  }

  /** Looks for work now (an event was committed on this node, or a delivery finished). */
  public void wake() {
    if (poller != null && !stopping) {
      poller.execute(this::poll);
    }
  }

  @PreDestroy
  synchronized void stop() {
    stopping = true;
    if (timer != null) {
      timer.cancel(false);
      poller.shutdown();
      deliverers.shutdown();
    }
  }

  /** A delivery this node claimed. */
  private record Claimed(String eventId, String consumer, int attempts) {}

  private void tick() {
    renew();
    poll();
  }

  private void poll() {
    if (stopping) {
      return;
    }
    if (!polling.compareAndSet(false, true)) {
      again.set(true); // the poll in progress looks once more before it ends
      return;
    }
    try {
      do {
        again.set(false);
        int free;
        while (!stopping && (free = Math.min(BATCH, DELIVERERS - inFlight.get())) > 0) {
          List<Claimed> batch = claim(free);
          for (Claimed c : batch) {
            inFlight.incrementAndGet();
            deliverers.execute(
                () -> {
                  try {
                    deliver(c);
                  } finally {
                    inFlight.decrementAndGet();
                    wake(); // the subject's next event may be due now
                  }
                });
          }
          if (batch.size() < free) {
            break; // nothing more is due
          }
        }
      } while (again.get() && !stopping);
      purge();
    } catch (RuntimeException e) {
      LOG.log(database.health().logLevel(), "Delivering events failed", e);
    } finally {
      polling.set(false);
    }
  }

  /** Up to {@code limit} due deliveries, each the earliest pending of its subject and consumer. */
  private List<Claimed> claim(int limit) {
    Instant now = Instant.now();
    Instant until = now.plus(config.eventsLease());
    List<Claimed> candidates = new ArrayList<>();
    List<Claimed> claimed = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement st =
          c.prepareStatement(
              "SELECT d.event_id, d.consumer, d.attempts FROM outbox_deliveries d"
                  + " JOIN outbox_events e ON e.id = d.event_id"
                  + " WHERE d.status = 'pending' AND d.next_attempt_at <= ?"
                  + " AND (d.locked_until IS NULL OR d.locked_until < ?)"
                  + " AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d2"
                  + " JOIN outbox_events e2 ON e2.id = d2.event_id"
                  + " WHERE d2.consumer = d.consumer AND d2.status = 'pending'"
                  + " AND e2.aggregate = e.aggregate AND e2.seq < e.seq)"
                  + " ORDER BY e.seq LIMIT "
                  + limit)) {
        st.setTimestamp(1, Timestamp.from(now));
        st.setTimestamp(2, Timestamp.from(now));
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            candidates.add(new Claimed(rs.getString(1), rs.getString(2), rs.getInt(3)));
          }
        }
      }
      try (PreparedStatement take =
          c.prepareStatement(
              "UPDATE outbox_deliveries SET locked_by = ?, locked_until = ?"
                  + " WHERE event_id = ? AND consumer = ? AND status = 'pending'"
                  + " AND (locked_until IS NULL OR locked_until < ?)")) {
        for (Claimed candidate : candidates) {
          take.setString(1, node);
          take.setTimestamp(2, Timestamp.from(until));
          take.setString(3, candidate.eventId());
          take.setString(4, candidate.consumer());
          take.setTimestamp(5, Timestamp.from(now));
          if (take.executeUpdate() == 1) {
            claimed.add(candidate);
          }
        }
      }
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot claim event deliveries", e);
    }
    return claimed;
  }

  /**
   * Renews, a third of a lease after the last time, the leases of the deliveries this node is
   * making: a consumer that takes long keeps its delivery, and only a node that died loses its own.
   */
  private void renew() {
    long now = System.currentTimeMillis();
    if (inFlight.get() == 0 || now < nextRenewal) {
      return;
    }
    Duration lease = config.eventsLease();
    nextRenewal = now + lease.toMillis() / 3;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "UPDATE outbox_deliveries SET locked_until = ?"
                    + " WHERE locked_by = ? AND status = 'pending'")) {
      st.setTimestamp(1, Timestamp.from(Instant.now().plus(lease)));
      st.setString(2, node);
      st.executeUpdate();
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot renew event delivery leases", e);
    }
  }

  private void deliver(Claimed c) {
    OutboxConsumer consumer = outbox.get().consumer(c.consumer());
    if (consumer == null) {
      // its plugin is not loaded on this node: let another node, or a later start, deliver it
      release(c);
      return;
    }
    DomainEvent event;
    try {
      event = read(c.eventId());
    } catch (SQLException e) {
      release(c);
      return;
    }
    try {
      consumer.deliver(event);
      finish(c, null);
    } catch (Exception | LinkageError e) {
      LOG.log(
          Level.WARNING,
          "Delivering event "
              + event.type()
              + " "
              + event.id()
              + " to "
              + c.consumer()
              + " failed (attempt "
              + (c.attempts() + 1)
              + ")",
          e);
      finish(c, e);
    }
  }

  private DomainEvent read(String eventId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT type, tenant_id, subject_id, attributes, created_at FROM outbox_events"
                    + " WHERE id = ?")) {
      st.setString(1, eventId);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("No event " + eventId);
        }
        return Outbox.event(
            eventId,
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getTimestamp(5).toInstant());
      }
    }
  }

  /** Records a delivery's outcome: delivered, or tried again later, or given up. */
  private void finish(Claimed c, Throwable failure) {
    int attempts = c.attempts() + 1;
    Instant now = Instant.now();
    try (Connection conn = database.dataSource().getConnection()) {
      PreparedStatement st;
      if (failure == null) {
        st =
            conn.prepareStatement(
                "UPDATE outbox_deliveries SET status = 'delivered', attempts = ?,"
                    + " delivered_at = ?, locked_by = NULL, locked_until = NULL, last_error = NULL"
                    + " WHERE event_id = ? AND consumer = ? AND locked_by = ?");
        st.setInt(1, attempts);
        st.setTimestamp(2, Timestamp.from(now));
      } else {
        boolean last = attempts >= config.eventsMaxAttempts();
        st =
            conn.prepareStatement(
                "UPDATE outbox_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
                    + " locked_by = NULL, locked_until = NULL, last_error = ?"
                    + " WHERE event_id = ? AND consumer = ? AND locked_by = ?");
        st.setString(1, last ? "failed" : "pending");
        st.setInt(2, attempts);
        st.setTimestamp(3, Timestamp.from(now.plus(backoff(attempts))));
        String error = failure.getClass().getName() + ": " + failure.getMessage();
        st.setString(4, error.length() > 2000 ? error.substring(0, 2000) : error);
        if (last) {
          LOG.warning(
              "Gave up delivering event "
                  + c.eventId()
                  + " to "
                  + c.consumer()
                  + " after "
                  + attempts
                  + " attempts; a superuser can retry it (GET /api/v1/admin/events?status=failed)");
        }
      }
      try (st) {
        st.setString(failure == null ? 3 : 5, c.eventId());
        st.setString(failure == null ? 4 : 6, c.consumer());
        st.setString(failure == null ? 5 : 7, node);
        st.executeUpdate();
      }
    } catch (SQLException e) {
      // the claim runs out and the delivery is made again: at least once
      LOG.log(database.health().logLevel(), "Cannot record a delivery of " + c.eventId(), e);
    }
  }

  /** How long to wait before attempt {@code attempts} + 1: 1, 2, 4 … seconds, 5 minutes at most. */
  static Duration backoff(int attempts) {
    long seconds = 1L << Math.min(attempts - 1, 20);
    return Duration.ofSeconds(Math.min(seconds, 300));
  }

  private void release(Claimed c) {
    try (Connection conn = database.dataSource().getConnection();
        PreparedStatement st =
            conn.prepareStatement(
                "UPDATE outbox_deliveries SET locked_by = NULL, locked_until = NULL"
                    + " WHERE event_id = ? AND consumer = ? AND locked_by = ?")) {
      st.setString(1, c.eventId());
      st.setString(2, c.consumer());
      st.setString(3, node);
      st.executeUpdate();
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot release a delivery of " + c.eventId(), e);
    }
  }

  /** Deletes, at most once an hour, the events delivered to every consumer more than a week ago. */
  private void purge() {
    long now = System.currentTimeMillis();
    if (now < nextPurge) {
      return;
    }
    nextPurge = now + 3_600_000;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "DELETE FROM outbox_events WHERE created_at < ? AND NOT EXISTS"
                    + " (SELECT 1 FROM outbox_deliveries d WHERE d.event_id = outbox_events.id"
                    + " AND d.status <> 'delivered')")) {
      st.setTimestamp(1, Timestamp.from(Instant.now().minus(KEEP)));
      st.executeUpdate();
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot purge delivered events", e);
    }
  }
}
