package dev.atelier.core.tasks;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.platform.Threads;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands queued tasks to the {@link TaskHandler} of their kind, on every node over one database, as
 * the run queue does with runs (ADR 0010, 0016): a worker claims a task by moving it from {@code
 * queued} to {@code running} under its node's lease in one conditional update ({@code FOR UPDATE
 * SKIP LOCKED} on PostgreSQL), renews the lease while the handler works and writes the outcome only
 * while it still holds it.
 *
 * <p>Of the tasks of one {@link TaskHandler#lane() lane} and one project, one runs or waits at a
 * time: a queued task is claimed only when no other of its lane and project runs, waits or was
 * queued before it, checked under the project's row lock that submissions take too.
 *
 * <p>A handler may throw {@link TaskWait}: the task then waits, holding no worker, until its
 * feature resumes it ({@link Tasks#resume}), and its handler starts again.
 *
 * <p>A task whose node stopped (its lease lapsed) is started again when its handler is {@link
 * TaskHandler#resumable() resumable} and it has attempts left ({@code atelier.tasks.max-attempts}),
 * else it fails with {@code task_interrupted} and its handler's {@link TaskHandler#interrupted}
 * undoes what it left. A stopping node claims nothing more, waits up to {@code
 * atelier.tasks.shutdown-grace-seconds} for its tasks to end and lets the leases of the others
 * lapse, so that the next node to poll (this one restarted, or another) deals with them at once.
 */
@ApplicationScoped
public class TaskQueue {

  private static final Logger LOG = Logger.getLogger(TaskQueue.class.getName());

  /** How often a handler's progress is written at most. */
  private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

  @Inject Database database;
  @Inject AtelierConfig config;
  @Inject Threads threads;
  @Inject @Any Instance<TaskHandler> handlerBeans;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final String node = "node-" + UUID.randomUUID();
  private final Set<String> mine = ConcurrentHashMap.newKeySet();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean polling = new AtomicBoolean();
  private final Map<String, TaskHandler> handlers = new HashMap<>();

  /** SQL: whether queued task {@code t} waits behind another task of its lane and project. */
  private volatile String behind;

  private volatile Semaphore slots;
  private volatile boolean stopping;
  private volatile Duration lease = Duration.ofSeconds(30);
  private volatile int maxAttempts = 3;
  private volatile Duration grace = Duration.ofSeconds(10);
  private ExecutorService workers;
  private ThreadPoolExecutor poller;
  private ScheduledFuture<?> pollTimer;
  private ScheduledFuture<?> heartbeatTimer;

  /** Finds the handlers and starts polling for work; called once at start-up. */
  public synchronized void start() {
    if (slots != null) {
      return;
    }
    for (TaskHandler h : handlerBeans) {
      TaskHandler before = handlers.putIfAbsent(h.kind(), h);
      if (before != null) {
        throw new IllegalStateException("Two handlers of task kind " + h.kind());
      }
    }
    Map<String, String> lanes = new HashMap<>();
    handlers.values().stream()
        .filter(h -> h.lane() != null)
        .forEach(h -> lanes.put(h.kind(), h.lane()));
    behind = TaskLanes.behind(lanes);
    lease = config.taskLease();
    maxAttempts = config.taskMaxAttempts();
    // read now: while the server stops, its configuration may no longer answer
    grace = config.taskShutdownGrace();
    int n = config.taskWorkers();
    workers =
        threads.executor(
            "tasks", n, new LinkedBlockingQueue<>(), new ThreadPoolExecutor.AbortPolicy());
    poller =
        threads.platform(
            "tasks-poller", 1, new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.DiscardPolicy());
    slots = new Semaphore(n);
    long beat = lease.toMillis() / 3;
    pollTimer = scheduler.scheduleWithFixedDelay(this::poll, 1000, 1000, TimeUnit.MILLISECONDS);
    heartbeatTimer =
        scheduler.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    LOG.info(
        "Task workers: "
            + n
            + " on "
            + node
            + " for "
            + handlers.keySet().stream().sorted().toList()
            + " (lease "
            + lease.toSeconds()
            + " s)");
  }

  /** The kinds of task this node can do. */
  public Set<String> kinds() {
    return Set.copyOf(handlers.keySet());
  }

  /** Looks for work now (after a task was queued), instead of at the next tick. */
  public void wake() {
    if (slots != null && !stopping) {
      poller.execute(this::poll);
    }
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
        mine.add(claimed.id());
        try {
          workers.execute(() -> work(claimed));
        } catch (RejectedExecutionException stopped) {
          return; // stop() lets the lease of every task in mine lapse
        }
      }
    } catch (RuntimeException e) {
      LOG.log(database.health().logLevel(), "Polling the task queue failed", e);
    } finally {
      polling.set(false);
    }
  }

  /** A task this node claimed, as read when it claimed it. */
  private record Claimed(
      String id,
      String tenantId,
      String kind,
      String projectId,
      String createdBy,
      String input,
      int attempts) {}

  private record Candidate(
      String id,
      String tenantId,
      String kind,
      String projectId,
      String createdBy,
      String input,
      String status,
      Instant leaseUntil,
      int attempts) {}

  private Claimed claim() {
    Instant now = Instant.now();
    List<Candidate> failed = new ArrayList<>();
    Claimed claimed = null;
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        for (Candidate t : candidates(c, now)) {
          TaskHandler h = handlers.get(t.kind());
          TaskRules.Claim decision =
              TaskRules.decide(
                  t.status(),
                  t.leaseUntil(),
                  t.attempts(),
                  h != null && h.resumable(),
                  maxAttempts,
                  now);
          if (decision == TaskRules.Claim.LEAVE) {
            continue;
          }
          if (decision == TaskRules.Claim.FAIL) {
            TaskError error =
                new TaskError(
                    500,
                    TaskRules.INTERRUPTED,
                    "Task interrupted",
                    TaskRules.interrupted(t.attempts(), h != null && h.resumable()),
                    List.of());
            if (failLapsed(c, t, error, now)) {
              failed.add(t);
            }
            continue;
          }
          if (take(c, t, now)) {
            claimed =
                new Claimed(
                    t.id(),
                    t.tenantId(),
                    t.kind(),
                    t.projectId(),
                    t.createdBy(),
                    t.input(),
                    t.attempts() + 1);
            break;
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        failed.clear();
        claimed = null;
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot claim a task", e);
    }
    for (Candidate t : failed) {
      LOG.warning("Task " + t.id() + " (" + t.kind() + ") failed: its node stopped during it");
      TaskHandler h = handlers.get(t.kind());
      if (h != null) {
        try {
          h.interrupted(
              new Context(
                  new Claimed(
                      t.id(),
                      t.tenantId(),
                      t.kind(),
                      t.projectId(),
                      t.createdBy(),
                      t.input(),
                      t.attempts())));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Cleaning up after task " + t.id() + " failed", e);
        }
      }
    }
    return claimed;
  }

  private List<Candidate> candidates(Connection c, Instant now) throws SQLException {
    List<Candidate> out = new ArrayList<>();
    select(c, "t.status = 'running' AND t.lease_until < ?", now, 5, out);
    if (out.size() < 5) {
      select(
          c,
          behind == null ? "t.status = 'queued'" : "t.status = 'queued' AND NOT " + behind,
          null,
          5 - out.size(),
          out);
    }
    return out;
  }

  private void select(Connection c, String where, Instant now, int limit, List<Candidate> out)
      throws SQLException {
    String sql =
        "SELECT t.id, t.tenant_id, t.kind, t.project_id, t.created_by, t.input, t.status,"
            + " t.lease_until, t.attempts FROM tasks t WHERE "
            + where
            + " ORDER BY t.created_at LIMIT "
            + limit
            + (database.isPostgres() ? " FOR UPDATE SKIP LOCKED" : "");
    try (PreparedStatement st = c.prepareStatement(sql)) {
      if (now != null) {
        st.setTimestamp(1, Timestamp.from(now));
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Timestamp until = rs.getTimestamp(8);
          out.add(
              new Candidate(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  until == null ? null : until.toInstant(),
                  rs.getInt(9)));
        }
      }
    }
  }

  private boolean take(Connection c, Candidate t, Instant now) throws SQLException {
    TaskHandler h = handlers.get(t.kind());
    boolean inLane =
        Task.QUEUED.equals(t.status()) && t.projectId() != null && h != null && h.lane() != null;
    if (inLane && !lockProject(c, t.projectId())) {
      return false; // a submission to the project is under way: claimed at a later poll
    }
    try (PreparedStatement st =
        c.prepareStatement(
            "UPDATE tasks t SET status = 'running', attempts = ?, lease_owner = ?, lease_until ="
                + " ?, started_at = COALESCE(started_at, ?), updated_at = ? WHERE t.id = ?"
                + " AND t.status = ? AND t.attempts = ? AND (t.status = 'queued'"
                + " OR (t.status = 'running' AND t.lease_until < ?))"
                + (inLane ? " AND NOT " + behind : ""))) {
      Timestamp at = Timestamp.from(now);
      st.setInt(1, t.attempts() + 1);
      st.setString(2, node);
      st.setTimestamp(3, Timestamp.from(now.plus(lease)));
      st.setTimestamp(4, at);
      st.setTimestamp(5, at);
      st.setString(6, t.id());
      st.setString(7, t.status());
      st.setInt(8, t.attempts());
      st.setTimestamp(9, at);
      return st.executeUpdate() == 1;
    }
  }

  /**
   * Locks the row of project {@code id} until the claim commits, as a submission of a task of the
   * project does: whether it was locked (on PostgreSQL a row another transaction holds is skipped).
   */
  private boolean lockProject(Connection c, String id) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT id FROM projects WHERE id = ? FOR UPDATE"
                + (database.isPostgres() ? " SKIP LOCKED" : ""))) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  private boolean failLapsed(Connection c, Candidate t, TaskError error, Instant now)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "UPDATE tasks SET status = 'failed', error = ?, lease_owner = NULL, lease_until ="
                + " NULL, finished_at = ?, updated_at = ? WHERE id = ? AND status = 'running'"
                + " AND lease_until < ?")) {
      Timestamp at = Timestamp.from(now);
      st.setString(1, json(error));
      st.setTimestamp(2, at);
      st.setTimestamp(3, at);
      st.setString(4, t.id());
      st.setTimestamp(5, at);
      return st.executeUpdate() == 1;
    }
  }

  private void work(Claimed t) {
    Context context = new Context(t);
    try {
      TaskHandler h = handlers.get(t.kind());
      if (h == null) {
        finish(
            t.id(),
            Task.FAILED,
            null,
            new TaskError(
                500,
                "task_kind_unknown",
                "Unknown task kind",
                "No handler of tasks of kind " + t.kind() + " is installed.",
                List.of()));
        return;
      }
      JsonObject result;
      try {
        result = h.run(context);
      } catch (TaskWait w) {
        park(t.id(), w.getMessage());
        return;
      } catch (Exception e) {
        if (context.stopRequested()) {
          // the handler stopped because this node stops or lost the task: the lease decides what
          // comes next (resumed, or failed and undone), not this worker
          LOG.log(Level.INFO, "Task " + t.id() + " stopped with its node: " + e);
          return;
        }
        if (e instanceof TaskFailure f) {
          finish(t.id(), Task.FAILED, null, error(f, f.paths()));
        } else if (e instanceof ProblemException p) {
          finish(t.id(), Task.FAILED, null, error(p, List.of()));
        } else {
          LOG.log(Level.WARNING, "Task " + t.id() + " (" + t.kind() + ") failed", e);
          finish(
              t.id(),
              Task.FAILED,
              null,
              new TaskError(
                  500,
                  "task_failed",
                  "Task failed",
                  "The task failed unexpectedly; the server's log tells why (task " + t.id() + ").",
                  List.of()));
        }
        return;
      }
      finish(
          t.id(),
          Task.SUCCEEDED,
          result == null ? JSON.createObjectBuilder().build() : result,
          null);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "Task " + t.id() + " ended abnormally", e);
    } finally {
      mine.remove(t.id());
      lost.remove(t.id());
      slots.release();
      wake();
    }
  }

  private static TaskError error(ProblemException p, List<String> paths) {
    return new TaskError(p.status(), p.code(), p.title(), p.getMessage(), paths);
  }

  /** Writes how task {@code id} ended, if this node still holds it. */
  private boolean finish(String id, String status, JsonObject result, TaskError error) {
    Timestamp at = Timestamp.from(Instant.now());
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "UPDATE tasks SET status = ?, result = ?, error = ?, progress = ?, lease_owner ="
                    + " NULL, lease_until = NULL, finished_at = ?, updated_at = ? WHERE id = ?"
                    + " AND lease_owner = ? AND status = 'running'")) {
      st.setString(1, status);
      st.setString(2, result == null ? null : result.toString());
      st.setString(3, error == null ? null : json(error));
      st.setInt(4, 100);
      st.setTimestamp(5, at);
      st.setTimestamp(6, at);
      st.setString(7, id);
      st.setString(8, node);
      boolean done = st.executeUpdate() == 1;
      if (!done) {
        LOG.warning("Task " + id + " ended on " + node + " after it lost its lease");
      }
      return done;
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot record the end of task " + id, e);
      return false;
    }
  }

  /**
   * Makes task {@code id} wait with no worker and no lease, if this node still holds it; {@link
   * Tasks#resume} queues it again. Its attempts count on: each time it is resumed is one more.
   */
  private void park(String id, String message) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "UPDATE tasks SET status = 'waiting', message = ?, lease_owner = NULL, lease_until"
                    + " = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND status ="
                    + " 'running'")) {
      st.setString(1, message == null ? null : truncate(message, 500));
      st.setTimestamp(2, Timestamp.from(Instant.now()));
      st.setString(3, id);
      st.setString(4, node);
      if (st.executeUpdate() != 1) {
        LOG.warning("Task " + id + " waits on " + node + " after it lost its lease");
      }
    } catch (SQLException e) {
      // the lease lapses: the task is taken over (resumable) or failed and undone
      LOG.log(database.health().logLevel(), "Cannot make task " + id + " wait", e);
    }
  }

  /** Renews the lease of {@code id} and records its progress; whether this node still holds it. */
  private boolean renew(String id, Integer progress, String message) {
    String sql =
        "UPDATE tasks SET lease_until = ?"
            + (progress == null ? "" : ", progress = ?, message = ?, updated_at = ?")
            + " WHERE id = ? AND lease_owner = ? AND status = 'running'";
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      Instant now = Instant.now();
      int i = 1;
      st.setTimestamp(i++, Timestamp.from(now.plus(lease)));
      if (progress != null) {
        st.setInt(i++, progress);
        st.setString(i++, message == null ? null : truncate(message, 500));
        st.setTimestamp(i++, Timestamp.from(now));
      }
      st.setString(i++, id);
      st.setString(i, node);
      boolean held = st.executeUpdate() == 1;
      if (!held) {
        lost.add(id);
      }
      return held;
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot renew the lease of task " + id, e);
      return true; // the database is away: the lease decides, not this node
    }
  }

  private void heartbeat() {
    for (String id : mine) {
      renew(id, null, null);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String json(TaskError e) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder().add("status", e.status()).add("code", e.code());
    b.add("title", e.title());
    if (e.detail() != null) {
      b.add("detail", truncate(e.detail(), 4000));
    }
    JsonArrayBuilder paths = JSON.createArrayBuilder();
    e.paths().stream().limit(200).forEach(paths::add);
    b.add("paths", paths);
    return b.build().toString();
  }

  static JsonObject parse(String json) {
    try (JsonReader r = JSON.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  /** What the handler of a claimed task sees. */
  private final class Context implements TaskContext {
    private final Claimed task;
    private JsonObject input;
    private long lastWrite;

    Context(Claimed task) {
      this.task = task;
    }

    @Override
    public String taskId() {
      return task.id();
    }

    @Override
    public String tenantId() {
      return task.tenantId();
    }

    @Override
    public String projectId() {
      return task.projectId();
    }

    @Override
    public String createdBy() {
      return task.createdBy();
    }

    @Override
    public synchronized JsonObject input() {
      if (input == null) {
        input = parse(task.input());
      }
      return input;
    }

    @Override
    public int attempts() {
      return task.attempts();
    }

    @Override
    public synchronized void progress(int percent, String message) {
      long now = System.nanoTime();
      if (now - lastWrite < PROGRESS_EVERY.toNanos()) {
        return;
      }
      lastWrite = now;
      renew(task.id(), Math.max(0, Math.min(99, percent)), message);
    }

    @Override
    public boolean stopRequested() {
      return stopping || lost.contains(task.id());
    }
  }

  /**
   * Stops this node's part of the queue before the database closes: claims nothing more, waits up
   * to {@code atelier.tasks.shutdown-grace-seconds} for the tasks in progress, then lets their
   * leases lapse so that they are resumed or failed at once by the next poll. Idempotent.
   */
  public void stop() {
    synchronized (this) {
      if (slots == null || stopping) {
        return;
      }
      stopping = true;
      pollTimer.cancel(false);
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
    for (String id : mine) {
      try (Connection c = database.dataSource().getConnection();
          PreparedStatement st =
              c.prepareStatement(
                  "UPDATE tasks SET lease_until = ? WHERE id = ? AND lease_owner = ?"
                      + " AND status = 'running'")) {
        st.setTimestamp(1, Timestamp.from(Instant.now().minusMillis(1)));
        st.setString(2, id);
        st.setString(3, node);
        st.executeUpdate();
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "Cannot release task " + id, e);
      }
    }
  }

  @PreDestroy
  void destroy() {
    stop();
  }
}
