package dev.atelier.core.automations;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.platform.Threads;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.Runs;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires automations when they are due, on every node over one database, each due time exactly once.
 * Every second the timer looks for enabled automations whose {@code next_run_at} has come; for each
 * it claims the due time with a conditional update that moves {@code next_run_at} on only if it
 * still holds that due time, and inserts the run in the same transaction. Two nodes that see the
 * same due time race on the update: one moves it on, the other's update matches no row (on
 * PostgreSQL it waits for the first to commit, then finds the row changed) and it inserts nothing.
 * A crash between the update and the insert is impossible: they commit together or not at all. A
 * unique index on the run's automation and due time is a second guard.
 *
 * <p>Misfires: a due time late by less than the misfire threshold (a slow tick, a busy database)
 * fires as itself, so nothing is skipped; when the server was down for longer, the missed due times
 * fire once, for the latest of them, and the next due time is the first one after now.
 */
@ApplicationScoped
public class AutomationTimer {

  private static final Logger LOG = Logger.getLogger(AutomationTimer.class.getName());
  static final String TRIGGER = "automation";
  private static final int BATCH = 100;
  private static final int ROUNDS = 50;
  private static final List<Duration> LOOK_BACK =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofHours(1),
          Duration.ofDays(1),
          Duration.ofDays(32),
          Duration.ofDays(367));

  @Inject Database database;
  @Inject Transactions tx;
  @Inject Runs runs;
  @Inject AtelierConfig config;
  @Inject Threads threads;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final AtomicBoolean ticking = new AtomicBoolean();
  private ScheduledFuture<?> timer;

  /** Starts looking for due automations every second; called once at start-up. */
  public synchronized void start() {
    if (timer == null) {
      timer = scheduler.scheduleWithFixedDelay(this::tick, 1000, 1000, TimeUnit.MILLISECONDS);
    }
  }

  /** Fires what is due, round after round while there is more (a batch was full, a catch-up). */
  private void tick() {
    if (!ticking.compareAndSet(false, true)) {
      return;
    }
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Instant now = Times.now();
        int fired = fireAll(due(now), now);
        if (fired == 0) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(database.health().logLevel(), "Looking for due automations failed", e);
    } finally {
      ticking.set(false);
    }
  }

  /**
   * Fires each due automation and returns how many this node fired: one after the other, or side by
   * side on virtual threads (a burst of automations due at the same minute starts together).
   */
  private int fireAll(List<Due> due, Instant now) {
    if (!threads.virtual() || due.size() < 2) {
      int fired = 0;
      for (Due d : due) {
        if (fire(d, now)) {
          fired++;
        }
      }
      return fired;
    }
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService each = threads.perTask("automations", null)) {
      for (Due d : due) {
        results.add(each.submit(() -> fire(d, now)));
      }
    }
    int fired = 0;
    for (Future<Boolean> r : results) {
      if (r.state() == Future.State.SUCCESS && r.resultNow()) {
        fired++;
      }
    }
    return fired;
  }

  /** An automation that is due. */
  private record Due(String tenantId, String id) {}

  /** Due automations of every tenant, the most overdue first. */
  private List<Due> due(Instant now) {
    List<Due> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT id, tenant_id FROM automations WHERE enabled = TRUE AND next_run_at <= ?"
                    + " ORDER BY next_run_at LIMIT "
                    + BATCH)) {
      st.setTimestamp(1, Timestamp.from(now));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new Due(rs.getString(2), rs.getString(1)));
        }
      }
    } catch (SQLException e) {
      LOG.log(database.health().logLevel(), "Cannot read due automations", e);
    }
    return out;
  }

  /**
   * Fires the due time of {@code d}, unless another node did it first. Never throws: a failure is
   * logged and the automation is tried again at the next tick.
   */
  private boolean fire(Due d, Instant now) {
    try {
      return tx.inTenant(d.tenantId(), em -> claimAndEnqueue(em, d.id(), now, true));
    } catch (RuntimeException e) {
      if (Transactions.isUniqueViolation(e)) {
        // a run for this due time exists already: move the schedule on without another one
        LOG.warning("Automation " + d.id() + " already has a run for its due time; skipping it");
        try {
          return tx.inTenant(d.tenantId(), em -> claimAndEnqueue(em, d.id(), now, false));
        } catch (RuntimeException again) {
          LOG.log(Level.WARNING, "Cannot move automation " + d.id() + " on", again);
          return false;
        }
      }
      LOG.log(Level.WARNING, "Automation " + d.id() + " could not fire", e);
      return false;
    }
  }

  /**
   * Claims the due time of automation {@code id} and, if {@code enqueue}, inserts its run, within
   * the unit of work of {@code em}. Whether this call claimed it.
   */
  private boolean claimAndEnqueue(EntityManager em, String id, Instant now, boolean enqueue) {
    Automation a = em.find(Automation.class, id);
    if (a == null || !a.enabled() || a.nextRunAt() == null || a.nextRunAt().isAfter(now)) {
      return false;
    }
    Instant due = a.nextRunAt();
    Cron cron = a.schedule();
    ZoneId zone = a.zone();
    Instant scheduledFor;
    Optional<Instant> next;
    if (Duration.between(due, now).compareTo(config.automationsMisfireThreshold()) <= 0) {
      scheduledFor = due;
      next = cron.next(due, zone);
    } else {
      scheduledFor = latest(cron, zone, due, now);
      next = cron.next(now, zone);
    }
    Run run =
        new Run(a.agentName(), a.projectId(), TRIGGER, a.message(), a.createdBy())
            .firedBy(a.id(), scheduledFor);
    var claim =
        em.createQuery(
                "UPDATE Automation a SET a.nextRunAt = "
                    + (next.isPresent() ? ":next" : "NULL")
                    + (enqueue ? ", a.lastRunAt = :at, a.lastRunId = :run" : "")
                    + " WHERE a.id = :id AND a.enabled = TRUE AND a.nextRunAt = :due")
            .setParameter("id", id)
            .setParameter("due", due);
    next.ifPresent(n -> claim.setParameter("next", n));
    if (enqueue) {
      claim.setParameter("at", scheduledFor).setParameter("run", run.id());
    }
    if (claim.executeUpdate() != 1) {
      return false; // another node claimed it, or it was changed meanwhile
    }
    if (enqueue) {
      runs.enqueue(em, run);
      em.flush(); // the unique index on (automation, due time) speaks here, inside the unit
    }
    if (!scheduledFor.equals(due)) {
      Transactions.afterCommit(
          () ->
              LOG.info(
                  "Automation "
                      + id
                      + " missed its due times since "
                      + due
                      + ": one run, for "
                      + scheduledFor));
    }
    return true;
  }

  /**
   * The latest time at or before {@code now} at which {@code cron} fires, not before {@code due}.
   */
  static Instant latest(Cron cron, ZoneId zone, Instant due, Instant now) {
    Instant from = due;
    for (Duration back : LOOK_BACK) {
      Instant start = now.minus(back);
      if (!start.isAfter(due)) {
        break;
      }
      Optional<Instant> first = cron.next(start, zone);
      if (first.isPresent() && !first.get().isAfter(now)) {
        from = first.get();
        break;
      }
    }
    Instant latest = from;
    for (Optional<Instant> t = cron.next(from, zone);
        t.isPresent() && !t.get().isAfter(now);
        t = cron.next(t.get(), zone)) {
      latest = t.get();
    }
    return latest;
  }

  @PreDestroy
  synchronized void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
