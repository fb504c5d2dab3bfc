package dev.atelier.core.runs;

import static dev.atelier.core.runs.LeasePolicy.Claim.CLAIM;
import static dev.atelier.core.runs.LeasePolicy.Claim.GIVE_UP;
import static dev.atelier.core.runs.LeasePolicy.Claim.LEAVE;
import static dev.atelier.core.runs.LeasePolicy.Claim.TAKE_OVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeasePolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final LeasePolicy POLICY = new LeasePolicy(Duration.ofSeconds(30), 3);

  // lease expiry

  @Test
  void aLeaseTakenNowHoldsForTheLeaseDuration() {
    assertEquals(Instant.parse("2026-12-04T10:00:30Z"), POLICY.leaseUntil(NOW));
  }

  @Test
  void aLeaseHoldsUntilItsEndAndLapsesJustAfter() {
    Instant end = POLICY.leaseUntil(NOW);
    assertFalse(LeasePolicy.lapsed(end, end.minusNanos(1)));
    assertFalse(LeasePolicy.lapsed(end, end));
    assertTrue(LeasePolicy.lapsed(end, end.plusNanos(1)));
    assertTrue(LeasePolicy.lapsed(end, end.plusSeconds(3600)));
  }

  @Test
  void noLeaseIsNeverLapsed() {
    assertFalse(LeasePolicy.lapsed(null, NOW));
  }

  @Test
  void aLeaseExpiredOnPurposeHasLapsedAtOnce() {
    Instant at = LeasePolicy.lapsedAt(NOW);
    assertEquals(Instant.parse("2026-12-04T09:59:59.999Z"), at);
    assertTrue(LeasePolicy.lapsed(at, NOW));
  }

  @Test
  void leasesAreRenewedThreeTimesPerLease() {
    assertEquals(Duration.ofSeconds(10), POLICY.heartbeat());
    assertEquals(Duration.ofMillis(1000), new LeasePolicy(Duration.ofSeconds(3), 1).heartbeat());
    assertEquals(Duration.ofMillis(10_333), new LeasePolicy(Duration.ofSeconds(31), 1).heartbeat());
  }

  // claims and takeovers

  @Test
  void aQueuedRunIsClaimedWhateverItsAttempts() {
    assertEquals(CLAIM, POLICY.decide("queued", null, 0, NOW));
    // handed back by a stopping node after its last allowed start: it still runs
    assertEquals(CLAIM, POLICY.decide("queued", null, 3, NOW));
    assertEquals(CLAIM, POLICY.decide("queued", null, 7, NOW));
  }

  @Test
  void aRunningRunUnderALiveLeaseIsLeftAlone() {
    assertEquals(LEAVE, POLICY.decide("running", NOW.plusSeconds(1), 1, NOW));
    assertEquals(LEAVE, POLICY.decide("running", NOW, 1, NOW));
  }

  @Test
  void aRunningRunWhoseLeaseLapsedIsTakenOver() {
    assertEquals(TAKE_OVER, POLICY.decide("running", NOW.minusNanos(1), 1, NOW));
    assertEquals(TAKE_OVER, POLICY.decide("running", NOW.minusSeconds(60), 2, NOW));
  }

  @Test
  void runsInOtherStatesAreLeftAlone() {
    Instant lapsed = NOW.minusSeconds(60);
    for (String status : new String[] {"awaiting_approval", "succeeded", "failed", "cancelled"}) {
      assertEquals(LEAVE, POLICY.decide(status, lapsed, 1, NOW), status);
    }
  }

  // attempts

  @Test
  void aRunIsGivenUpWhenItsLeaseLapsedAfterItsLastAttempt() {
    Instant lapsed = NOW.minusSeconds(1);
    assertEquals(TAKE_OVER, POLICY.decide("running", lapsed, 2, NOW));
    assertEquals(GIVE_UP, POLICY.decide("running", lapsed, 3, NOW));
    assertEquals(GIVE_UP, POLICY.decide("running", lapsed, 4, NOW));
  }

  @Test
  void withOneAttemptTheFirstLapsedLeaseEndsTheRun() {
    LeasePolicy once = new LeasePolicy(Duration.ofSeconds(30), 1);
    assertEquals(GIVE_UP, once.decide("running", NOW.minusSeconds(1), 1, NOW));
    assertEquals(CLAIM, once.decide("queued", null, 0, NOW));
  }

  @Test
  void theFirstClaimCountsOneAttempt() {
    assertEquals(1, LeasePolicy.attemptsAfter(CLAIM, 0));
  }

  @Test
  void aRunHandedBackOrApprovedKeepsItsCountWhenClaimedAgain() {
    assertEquals(1, LeasePolicy.attemptsAfter(CLAIM, 1));
    assertEquals(3, LeasePolicy.attemptsAfter(CLAIM, 3));
  }

  @Test
  void eachTakeoverCountsOneAttempt() {
    assertEquals(2, LeasePolicy.attemptsAfter(TAKE_OVER, 1));
    assertEquals(3, LeasePolicy.attemptsAfter(TAKE_OVER, 2));
  }

  @Test
  void aRunWhoseNodeKeepsStoppingGetsExactlyMaxAttemptsStarts() {
    // claimed, then its node stops and its lease lapses, again and again
    int attempts = LeasePolicy.attemptsAfter(POLICY.decide("queued", null, 0, NOW), 0);
    int starts = 1;
    Instant lapsed = NOW.minusSeconds(1);
    LeasePolicy.Claim next;
    while ((next = POLICY.decide("running", lapsed, attempts, NOW)) == TAKE_OVER) {
      attempts = LeasePolicy.attemptsAfter(next, attempts);
      starts++;
    }
    assertEquals(GIVE_UP, next);
    assertEquals(3, starts);
    assertEquals(3, attempts);
  }

  @Test
  void givingUpOrLeavingDoesNotCount() {
    assertEquals(3, LeasePolicy.attemptsAfter(GIVE_UP, 3));
    assertEquals(2, LeasePolicy.attemptsAfter(LEAVE, 2));
  }

  @Test
  void theErrorOfARunGivenUpSaysHowOftenItStarted() {
    assertEquals(
        "The run was started 1 time and its node stopped each time; it is not tried again.",
        LeasePolicy.attemptsExceeded(1));
    assertEquals(
        "The run was started 3 times and its node stopped each time; it is not tried again.",
        LeasePolicy.attemptsExceeded(3));
  }

  @Test
  void aPolicyNeedsALeaseAndOneAttempt() {
    assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(Duration.ZERO, 3));
    assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(Duration.ofSeconds(-1), 3));
    assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(null, 3));
    assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(Duration.ofSeconds(30), 0));
    assertEquals(1, new LeasePolicy(Duration.ofSeconds(30), 1).maxAttempts());
  }
}
