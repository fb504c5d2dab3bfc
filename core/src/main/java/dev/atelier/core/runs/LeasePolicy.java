package dev.atelier.core.runs;

import java.time.Duration;
import java.time.Instant;

/**
 * The run queue's rules for leases and attempts, apart from the database that applies them: when a
 * lease runs out, what a worker does with a run it could claim, how attempts are counted and when a
 * run is given up. {@link RunQueue} reads the rows and writes the outcome; the time is always
 * passed in.
 *
 * @param lease how long a claim or a renewal holds a run ({@code atelier.runs.lease-seconds})
 * @param maxAttempts how many starts a run gets before a lapsed lease fails it ({@code
 *     atelier.runs.max-attempts})
 */
record LeasePolicy(Duration lease, int maxAttempts) {

  LeasePolicy {
    if (lease == null || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("The lease must be positive: " + lease);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("A run needs at least one attempt: " + maxAttempts);
    }
  }

  /** What a worker does with a run it found in the queue. */
  enum Claim {
    /** A queued run: claim it. */
    CLAIM,
    /** A running run whose lease lapsed (its node stopped) and that has attempts left. */
    TAKE_OVER,
    /** A running run whose lease lapsed as often as it may: fail it. */
    GIVE_UP,
    /** Held by a live lease, or in no state to be claimed: leave it. */
    LEAVE
  }

  /** Until when a lease taken or renewed at {@code now} holds. */
  Instant leaseUntil(Instant now) {
    return now.plus(lease);
  }

  /**
   * Whether a lease held until {@code leaseUntil} has run out at {@code now}: strictly after its
   * end; at its very end it still holds. No lease (null) has not run out: the run is not held.
   */
  static boolean lapsed(Instant leaseUntil, Instant now) {
    return leaseUntil != null && leaseUntil.isBefore(now);
  }

  /**
   * The end given to a lease that must run out at once (a stopping node leaves a run in a step):
   * just before {@code now}, so that a worker looking at {@code now} takes the run over.
   */
  static Instant lapsedAt(Instant now) {
    return now.minusMillis(1);
  }

  /** How often a node renews the leases it holds: three times per lease. */
  Duration heartbeat() {
    return Duration.ofMillis(lease.toMillis() / 3);
  }

  /** What to do at {@code now} with a run in {@code status}, held until {@code leaseUntil}. */
  Claim decide(String status, Instant leaseUntil, int attempts, Instant now) {
    if ("queued".equals(status)) {
      return Claim.CLAIM;
    }
    if (!"running".equals(status) || !lapsed(leaseUntil, now)) {
      return Claim.LEAVE;
    }
    return attempts >= maxAttempts ? Claim.GIVE_UP : Claim.TAKE_OVER;
  }

  /**
   * The run's attempts once claimed: a first claim and a takeover each count one; a run handed back
   * by a stopping node or queued again after an approval keeps its count.
   */
  static int attemptsAfter(Claim claim, int attempts) {
    return switch (claim) {
      case TAKE_OVER -> attempts + 1;
      case CLAIM -> attempts == 0 ? 1 : attempts;
      case GIVE_UP, LEAVE -> attempts;
    };
  }

  /** The error of a run given up after {@code attempts} starts. */
  static String attemptsExceeded(int attempts) {
    return "The run was started "
        + attempts
        + (attempts == 1 ? " time" : " times")
        + " and its node stopped each time; it is not tried again.";
  }
}
