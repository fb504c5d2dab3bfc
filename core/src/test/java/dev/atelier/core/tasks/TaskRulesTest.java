package dev.atelier.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRulesTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aQueuedTaskIsClaimed() {
    assertEquals(TaskRules.Claim.CLAIM, TaskRules.decide("queued", null, 0, false, 3, NOW));
  }

  @Test
  void aRunningTaskUnderALiveLeaseIsLeft() {
    assertEquals(
        TaskRules.Claim.LEAVE, TaskRules.decide("running", NOW.plusSeconds(5), 1, true, 3, NOW));
    assertEquals(TaskRules.Claim.LEAVE, TaskRules.decide("running", NOW, 1, true, 3, NOW));
    assertEquals(TaskRules.Claim.LEAVE, TaskRules.decide("running", null, 1, true, 3, NOW));
  }

  @Test
  void aWaitingTaskIsLeftUntilItsFeatureResumesIt() {
    assertEquals(TaskRules.Claim.LEAVE, TaskRules.decide("waiting", null, 1, false, 3, NOW));
    assertEquals(TaskRules.Claim.LEAVE, TaskRules.decide("waiting", null, 5, true, 3, NOW));
  }

  @Test
  void endedTasksAreLeft() {
    for (String status : List.of("succeeded", "failed", "cancelled")) {
      assertEquals(
          TaskRules.Claim.LEAVE, TaskRules.decide(status, NOW.minusSeconds(5), 1, true, 3, NOW));
    }
  }

  @Test
  void aLapsedResumableTaskIsTakenOverWhileItHasAttemptsLeft() {
    Instant lapsed = NOW.minusMillis(1);
    assertEquals(TaskRules.Claim.TAKE_OVER, TaskRules.decide("running", lapsed, 1, true, 3, NOW));
    assertEquals(TaskRules.Claim.TAKE_OVER, TaskRules.decide("running", lapsed, 2, true, 3, NOW));
    assertEquals(TaskRules.Claim.FAIL, TaskRules.decide("running", lapsed, 3, true, 3, NOW));
  }

  @Test
  void aLapsedTaskThatCannotResumeFailsAtOnce() {
    assertEquals(
        TaskRules.Claim.FAIL, TaskRules.decide("running", NOW.minusSeconds(1), 1, false, 3, NOW));
    assertTrue(TaskRules.interrupted(1, false).contains("undone"));
  }
}
