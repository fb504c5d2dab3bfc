package dev.atelier.core.runs;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands queued runs to workers, on every node over one database. A worker claims a run by moving it
 * from {@code queued} (or from {@code running} with an expired lease: its node stopped) to {@code
 * running} under its node's lease in one conditional update, so a run is claimed by one worker at a
 * time; PostgreSQL picks candidates with {@code FOR UPDATE SKIP LOCKED} so nodes do not queue
 * behind each other. Leases are renewed while the run executes; a run whose node died is taken over
 * when its lease runs out and resumes from its last recorded step.
 */
@ApplicationScoped
public class RunQueue {

  private static final Logger LOG = Logger.getLogger(RunQueue.class.getName());
  static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration HEARTBEAT = Duration.ofSeconds(10);

  @Inject Database database;
  @Inject AtelierConfig config;
  @Inject RunEngine engine;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final String node = "node-" + UUID.randomUUID();
  private final Set<String> mine = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile Semaphore slots;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  /** Starts polling for work; called once at start-up. */
  public synchronized void start() {
    if (slots != null) {
      return;
    }
    slots = new Semaphore(config.runWorkers());
    timers.add(scheduler.scheduleWithFixedDelay(this::poll, 1000, 500, TimeUnit.MILLISECONDS));
    timers.add(
        scheduler.scheduleWithFixedDelay(
            this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS));
    LOG.info("Run workers: " + config.runWorkers() + " on " + node);
  }

  /** Looks for work now (after a run was queued), instead of at the next tick. */
  public void wake() {
    if (slots != null) {
      executor.execute(this::poll);
    }
  }

  /** Whether this node's worker of {@code runId} should stop: the run was cancelled. */
  boolean cancelled(String runId) {
    return cancelled.contains(runId);
  }

  /** Marks a run as cancelled for its worker on this node (others see it at their heartbeat). */
  void cancelLocally(String runId) {
    if (mine.contains(runId)) {
      cancelled.add(runId);
    }
  }

  String node() {
    return node;
  }

  private void poll() {
    if (!polling.compareAndSet(false, true)) {
      return;
    }
    try {
      while (slots.tryAcquire()) {
        Claimed claimed = claim();
        if (claimed == null) {
          slots.release();
          return;
        }
        mine.add(claimed.runId());
        executor.execute(() -> run(claimed));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Polling the run queue failed", e);
    } finally {
      polling.set(false);
    }
  }

  private void run(Claimed claimed) {
    try {
      engine.execute(claimed.tenantId(), claimed.runId(), this);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "Run " + claimed.runId() + " ended abnormally", e);
    } finally {
      mine.remove(claimed.runId());
      cancelled.remove(claimed.runId());
      slots.release();
      wake();
    }
  }

  /** A run this node now holds. */
  record Claimed(String tenantId, String runId) {}

  private Claimed claim() {
    Instant now = Instant.now();
    try (Connection c = database.dataSource().getConnection()) {
      // one transaction: on PostgreSQL the candidates stay locked (and skipped by other nodes)
      // until the conditional update that claims one has committed
      c.setAutoCommit(false);
      try {
        Claimed claimed = null;
        for (String[] candidate : candidates(c, now)) {
          try (PreparedStatement take =
              c.prepareStatement(
                  "UPDATE runs SET status = 'running', lease_owner = ?, lease_until = ?,"
                      + " attempts = attempts + 1 WHERE id = ? AND (status = 'queued'"
                      + " OR (status = 'running' AND lease_until < ?))")) {
            take.setString(1, node);
            take.setTimestamp(2, Timestamp.from(now.plus(LEASE)));
            take.setString(3, candidate[0]);
            take.setTimestamp(4, Timestamp.from(now));
            if (take.executeUpdate() == 1) {
              claimed = new Claimed(candidate[1], candidate[0]);
              break;
            }
          }
        }
        c.commit();
        return claimed;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Cannot claim a run", e);
    }
    return null;
  }

  private List<String[]> candidates(Connection c, Instant now) throws SQLException {
    String sql =
        "SELECT id, tenant_id FROM runs WHERE status = 'queued'"
            + " OR (status = 'running' AND lease_until < ?) ORDER BY created_at LIMIT 5"
            + (database.isPostgres() ? " FOR UPDATE SKIP LOCKED" : "");
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setTimestamp(1, Timestamp.from(now));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return out;
  }

  /**
   * Whether this node still holds {@code runId}; renews the lease. A worker checks before each
   * step, so a run taken over by another node is not worked on twice.
   */
  boolean renew(String runId) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "UPDATE runs SET lease_until = ? WHERE id = ? AND lease_owner = ?"
                    + " AND status = 'running'")) {
      st.setTimestamp(1, Timestamp.from(Instant.now().plus(LEASE)));
      st.setString(2, runId);
      st.setString(3, node);
      return st.executeUpdate() == 1;
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Cannot renew the lease of run " + runId, e);
      return false;
    }
  }

  private void heartbeat() {
    for (String runId : mine) {
      renew(runId);
    }
    if (mine.isEmpty()) {
      return;
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT id FROM runs WHERE lease_owner = ? AND cancel_requested = TRUE")) {
      st.setString(1, node);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          cancelled.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Cannot read cancellations", e);
    }
  }

  @PreDestroy
  synchronized void stop() {
    timers.forEach(t -> t.cancel(false));
  }
}
