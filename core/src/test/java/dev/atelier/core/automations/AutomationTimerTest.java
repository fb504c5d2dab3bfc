package dev.atelier.core.automations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The misfire rule: after a long stop, one run for the latest missed due time. */
class AutomationTimerTest {

  private static Instant latest(String cron, String zone, String due, String now) {
    return AutomationTimer.latest(
        Cron.parse(cron), ZoneId.of(zone), Instant.parse(due), Instant.parse(now));
  }

  @Test
  void theLatestMissedDueTimeIsTheOneThatFires() {
    assertEquals(
        Instant.parse("2026-01-05T10:00:04Z"),
        latest("*/2 * * * * *", "UTC", "2026-01-01T00:00:00Z", "2026-01-05T10:00:05.300Z"));
    assertEquals(
        Instant.parse("2026-01-05T08:00:00Z"),
        latest("0 9 * * *", "Europe/Berlin", "2026-01-02T08:00:00Z", "2026-01-05T10:00:00Z"));
    assertEquals(
        Instant.parse("2026-01-01T00:00:00Z"),
        latest("@yearly", "UTC", "2024-01-01T00:00:00Z", "2026-03-01T00:00:00Z"));
    assertEquals(
        Instant.parse("2028-02-29T00:00:00Z"),
        latest("0 0 29 2 *", "UTC", "2020-02-29T00:00:00Z", "2029-06-01T00:00:00Z"));
  }

  @Test
  void aDueTimeThatIsTheLatestIsItself() {
    assertEquals(
        Instant.parse("2026-01-05T09:00:00Z"),
        latest("0 9 * * *", "UTC", "2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"));
    assertEquals(
        Instant.parse("2026-01-05T10:00:00Z"),
        latest("0 * * * *", "UTC", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z"));
  }
}
