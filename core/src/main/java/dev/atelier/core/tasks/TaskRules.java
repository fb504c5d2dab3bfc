package dev.atelier.core.tasks;

import java.time.Instant;

/**
 * What a worker does with a task it finds, apart from the database: a queued task is claimed; a
 * running one whose lease lapsed (its node stopped) is taken over when its handler is resumable and
 * it has attempts left, else failed with {@code task_interrupted}; anything else is left.
 */
final class TaskRules {

  /** The error code of a task whose node stopped and that is not started again. */
  static final String INTERRUPTED = "task_interrupted";

  enum Claim {
    CLAIM,
    TAKE_OVER,
    FAIL,
    LEAVE
  }

  private TaskRules() {}

  static Claim decide(
      String status, Instant leaseUntil, int attempts, boolean resumable, int max, Instant now) {
    if (Task.QUEUED.equals(status)) {
      return Claim.CLAIM;
    }
    if (!Task.RUNNING.equals(status) || leaseUntil == null || !leaseUntil.isBefore(now)) {
      return Claim.LEAVE;
    }
    return resumable && attempts < max ? Claim.TAKE_OVER : Claim.FAIL;
  }

  /** The detail of a task failed because its node stopped. */
  static String interrupted(int attempts, boolean resumable) {
    return resumable
        ? "The server stopped during each of the task's "
            + attempts
            + " attempts; it is not tried again."
        : "The server stopped while the task was running; what it had done was undone. Start it"
            + " again.";
  }
}
