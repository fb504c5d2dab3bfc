package dev.atelier.core.runs;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.platform.Threads;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands queued runs to workers, on every node over one database. A worker claims a run by moving it
 * from {@code queued} (or from {@code running} with an expired lease: its node stopped) to {@code
 * running} under its node's lease in one conditional update, so a run is claimed by one worker at a
 * time; PostgreSQL picks candidates with {@code FOR UPDATE SKIP LOCKED} so nodes do not queue
 * behind each other. Leases ({@code atelier.runs.lease-seconds}) are renewed while the run
 * executes; a run whose node died is taken over when its lease runs out and resumes from its last
 * recorded step.
 *
 * <p>{@code attempts} counts the times a run was started: 1 at its first claim, one more at each
 * takeover of an expired lease. A run handed back by a stopping node, or going on after an
 * approval, keeps its count. A run whose lease ran out {@code atelier.runs.max-attempts} times
 * fails with {@code max_attempts_exceeded} instead of being taken over again, so a run that brings
 * its node down cannot do so forever.
 *
 * <p>A stopping node ({@link #stop()}) claims nothing more, lets its workers reach the end of their
 * current step and hands those runs back as {@code queued}; the runs whose step is still in
 * progress after {@code atelier.runs.shutdown-grace-seconds} get an expired lease, so another node
 * (or this one once restarted) takes them over at once instead of after the lease.
 */
@ApplicationScoped
public class RunQueue {

  private static final Logger LOG = Logger.getLogger(RunQueue.class.getName());

  /** The error code of a run whose lease ran out {@code atelier.runs.max-attempts} times. */
  static final String MAX_ATTEMPTS_EXCEEDED = "max_attempts_exceeded";

  @Inject Database database;
  @Inject AtelierConfig config;
  @Inject RunEngine engine;
  @Inject RunEvents events;
  @Inject RunFinished finished;

  @Inject Threads threads;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final String node = "node-" + UUID.randomUUID();
  private final Set<String> mine = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicInteger handedBack = new AtomicInteger();
  private volatile Semaphore slots;
  private volatile boolean stopping;
  private volatile LeasePolicy policy = new LeasePolicy(Duration.ofSeconds(30), 3);
  private volatile Duration grace = Duration.ofSeconds(10);
  private ExecutorService workers;
  private ThreadPoolExecutor poller;
  private ScheduledFuture<?> pollTimer;
  private ScheduledFuture<?> heartbeatTimer;

  /** Starts polling for work; called once at start-up. */
  public synchronized void start() {
    if (slots != null) {
      return;
    }
    policy = new LeasePolicy(config.runLease(), config.runMaxAttempts());
    // read now: while the server stops, its configuration may no longer answer
    grace = config.runShutdownGrace();
    long heartbeat = policy.heartbeat().toMillis();
    int n = config.runWorkers();
    // threads of our own rather than the server's shared executor: that one rejects tasks past
    // its size and records the caller's context on every task, a cost per run; the slots bound
    // how many runs work at once, on virtual threads too
    workers =
        threads.executor(
            "runs", n, new LinkedBlockingQueue<>(), new ThreadPoolExecutor.AbortPolicy());
    // one poll at a time and at most one waiting: a wake-up while one waits adds nothing to it
    poller =
        threads.platform(
            "runs-poller", 1, new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.DiscardPolicy());
    slots = new Semaphore(n);
    pollTimer = scheduler.scheduleWithFixedDelay(this::poll, 1000, 500, TimeUnit.MILLISECONDS);
    heartbeatTimer =
        scheduler.scheduleWithFixedDelay(
            this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    LOG.info(
        "Run workers: "
            + config.runWorkers()
            + " on "
            + node
            + " (lease "
            + policy.lease().toSeconds()
            + " s, at most "
            + policy.maxAttempts()
            + " attempts a run)");
  }

  /** Looks for work now (after a run was queued), instead of at the next tick. */
  public void wake() {
    if (slots != null && !stopping) {
      poller.execute(this::poll);
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

  /** Whether this node is stopping: its workers hand their runs back at the next step boundary. */
  boolean stopping() {
    return stopping;
  }

  String node() {
    return node;
  }

  private void poll() {
    if (stopping || !polling.compareAndSet(false, true)) {
      return;
    }
    try {
      while (!stopping && slots.tryAcquire()) {
        Claimed claimed = claim();
        if (claimed == null) {
          slots.release();
          return;
        }
        mine.add(claimed.runId());
        try {
          workers.execute(() -> run(claimed));
        } catch (RejectedExecutionException stopped) {
          // the node stopped meanwhile: stop() expires the lease of every run in mine
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(database.health().logLevel(), "Polling the run queue failed", e);
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

  /** A run that may be claimed: queued, or running under an expired lease. */
  private record Candidate(
      String runId, String tenantId, String status, Instant leaseUntil, int attempts) {}

  private Claimed claim() {
    Instant now = Instant.now();
    List<Candidate> exhausted = new ArrayList<>();
    Claimed claimed = null;
    try (Connection c = database.dataSource().getConnection()) {
      // one transaction: on PostgreSQL the candidates stay locked (and skipped by other nodes)
      // until the conditional update that claims one has committed
      c.setAutoCommit(false);
      try {
        for (Candidate candidate : candidates(c, now)) {
          LeasePolicy.Claim decision =
              policy.decide(candidate.status(), candidate.leaseUntil(), candidate.attempts(), now);
          if (decision == LeasePolicy.Claim.LEAVE) {
            continue;
          }
          if (decision == LeasePolicy.Claim.GIVE_UP) {
            if (giveUp(c, candidate, now)) {
              exhausted.add(candidate);
            }
            continue;
          }
          if (take(c, candidate, decision, now)) {
            claimed = new Claimed(candidate.tenantId(), candidate.runId());
            break;
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        exhausted.clear();
        claimed = null;
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot claim a run", e);
    }
    for (Candidate gone : exhausted) {
      LOG.warning("Run " + gone.runId() + " failed: its node stopped during each of its attempts");
      events.append(
          gone.tenantId(),
          gone.runId(),
          "run.failed",
          JSON.createObjectBuilder()
              .add("status", "failed")
              .add("error_code", MAX_ATTEMPTS_EXCEEDED)
              .add("error", LeasePolicy.attemptsExceeded(gone.attempts()))
              .build()
              .toString());
      finished.publishEnded(gone.tenantId(), gone.runId());
    }
    return claimed;
  }

  /**
   * Up to five runs to claim, oldest first: runs whose lease ran out, then queued ones. Two queries
   * rather than one with {@code OR}, so each walks the {@code (status, created_at)} index and stops
   * after five rows however long the queue is.
   */
  private List<Candidate> candidates(Connection c, Instant now) throws SQLException {
    List<Candidate> out = new ArrayList<>();
    select(c, "status = 'running' AND lease_until < ?", now, 5, out);
    if (out.size() < 5) {
      select(c, "status = 'queued'", null, 5 - out.size(), out);
    }
    return out;
  }

  private void select(Connection c, String where, Instant now, int limit, List<Candidate> out)
      throws SQLException {
    String sql =
        "SELECT id, tenant_id, status, lease_until, attempts FROM runs WHERE "
            + where
            + " ORDER BY created_at LIMIT "
            + limit
            + (database.isPostgres() ? " FOR UPDATE SKIP LOCKED" : "");
    try (PreparedStatement st = c.prepareStatement(sql)) {
      if (now != null) {
        st.setTimestamp(1, Timestamp.from(now));
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Timestamp leaseUntil = rs.getTimestamp(4);
          out.add(
              new Candidate(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  leaseUntil == null ? null : leaseUntil.toInstant(),
                  rs.getInt(5)));
        }
      }
    }
  }

  /**
   * Claims {@code candidate} for this node if it is still as it was read and claimable, counting
   * its attempts as {@link LeasePolicy#attemptsAfter} says.
   */
  private boolean take(Connection c, Candidate candidate, LeasePolicy.Claim claim, Instant now)
      throws SQLException {
    try (PreparedStatement take =
        c.prepareStatement(
            "UPDATE runs SET attempts = ?, status = 'running', lease_owner = ?, lease_until = ?"
                + " WHERE id = ? AND status = ? AND attempts = ? AND (status = 'queued'"
                + " OR (status = 'running' AND lease_until < ?))")) {
      take.setInt(1, LeasePolicy.attemptsAfter(claim, candidate.attempts()));
      take.setString(2, node);
      take.setTimestamp(3, Timestamp.from(policy.leaseUntil(now)));
      take.setString(4, candidate.runId());
      take.setString(5, candidate.status());
      take.setInt(6, candidate.attempts());
      take.setTimestamp(7, Timestamp.from(now));
      return take.executeUpdate() == 1;
    }
  }

  /** Fails a run whose lease ran out once too often, with the step it was in. */
  private boolean giveUp(Connection c, Candidate candidate, Instant now) throws SQLException {
    Timestamp at = Timestamp.from(now);
    try (PreparedStatement fail =
        c.prepareStatement(
            "UPDATE runs SET status = 'failed', error_code = ?, error = ?, lease_owner = NULL,"
                + " lease_until = NULL, finished_at = ?, updated_at = ? WHERE id = ?"
                + " AND status = 'running' AND lease_until < ?")) {
      fail.setString(1, MAX_ATTEMPTS_EXCEEDED);
      fail.setString(2, LeasePolicy.attemptsExceeded(candidate.attempts()));
      fail.setTimestamp(3, at);
      fail.setTimestamp(4, at);
      fail.setString(5, candidate.runId());
      fail.setTimestamp(6, at);
      if (fail.executeUpdate() != 1) {
        return false;
      }
    }
    try (PreparedStatement steps =
        c.prepareStatement(
            "UPDATE run_steps SET status = 'failed', result = ?, finished_at = ?"
                + " WHERE run_id = ? AND status = 'running'")) {
      steps.setString(1, "The node running this step stopped.");
      steps.setTimestamp(2, at);
      steps.setString(3, candidate.runId());
      steps.executeUpdate();
    }
    return true;
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
      st.setTimestamp(1, Timestamp.from(policy.leaseUntil(Instant.now())));
      st.setString(2, runId);
      st.setString(3, node);
      return st.executeUpdate() == 1;
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot renew the lease of run " + runId, e);
      return false;
    }
  }

  /**
   * Gives {@code runId} back to the queue at a step boundary (this node is stopping): every step it
   * finished is recorded, so any worker resumes it at once, without counting an attempt.
   */
  void handBack(String runId) {
    if (release(
        runId, "UPDATE runs SET status = 'queued', lease_owner = NULL, lease_until = NULL")) {
      handedBack.incrementAndGet();
    }
  }

  /**
   * Lets the lease of {@code runId} run out now, its step still in progress: another worker takes
   * it over at once (and does that step again).
   */
  private boolean expire(String runId) {
    return release(runId, "UPDATE runs SET lease_until = ?");
  }

  private boolean release(String runId, String update) {
    String sql = update + " WHERE id = ? AND lease_owner = ? AND status = 'running'";
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      int i = 1;
      if (update.contains("?")) {
        st.setTimestamp(i++, Timestamp.from(LeasePolicy.lapsedAt(Instant.now())));
      }
      st.setString(i++, runId);
      st.setString(i, node);
      return st.executeUpdate() == 1;
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot release run " + runId, e);
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
      LOG.log(database.health().logLevel(), "Cannot read cancellations", e);
    }
  }

  /**
   * Stops this node's part of the queue, before the database closes (see {@link
   * dev.atelier.core.platform.Startup}): claims nothing more, waits up to {@code
   * atelier.runs.shutdown-grace-seconds} (renewing the leases meanwhile) for the workers to hand
   * their runs back at the end of their step, then lets the leases of the runs still in a step run
   * out, so that no run waits out a lease for a node that is gone. Idempotent.
   */
  public void stop() {
    synchronized (this) {
      if (slots == null || stopping) {
        return;
      }
      stopping = true;
      pollTimer.cancel(false);
    }
    if (!mine.isEmpty()) {
      shutdownLog(
          "Run workers stopping: "
              + mine.size()
              + " run(s) in progress; waiting up to "
              + grace.toSeconds()
              + " s for their steps to end");
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (!mine.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    heartbeatTimer.cancel(false);
    poller.shutdown();
    workers.shutdown();
    int expired = 0;
    for (String runId : mine) {
      if (expire(runId)) {
        expired++;
      }
    }
    shutdownLog(
        "Run workers stopped on "
            + node
            + ": "
            + handedBack.get()
            + " run(s) handed back at a step boundary, "
            + expired
            + " left in a step for another worker to take over now");
  }

  /**
   * Logs {@code message} while the server stops: when the JVM shuts down, the logging system may
   * already have closed its handlers (its own shutdown hook runs beside the server's), and then the
   * message goes to standard error instead of nowhere.
   */
  static void shutdownLog(String message) {
    shutdownLog(message, null);
  }

  /** As {@link #shutdownLog(String)}, with the exception that explains it. */
  static void shutdownLog(String message, Throwable thrown) {
    if (Logger.getLogger("").getHandlers().length > 0) {
      LOG.log(Level.INFO, message, thrown);
    } else {
      System.err.println(Instant.now() + " INFO " + RunQueue.class.getName() + ": " + message);
      if (thrown != null) {
        thrown.printStackTrace();
      }
    }
  }

  @PreDestroy
  void destroy() {
    stop();
  }
}
