package dev.atelier.core.automations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** The first {@code n} firing instants of {@code cron} in {@code zone} after {@code after}. */
  private static List<String> times(String cron, ZoneId zone, String after, int n) {
    Cron c = Cron.parse(cron);
    List<String> out = new ArrayList<>();
    Instant t = Instant.parse(after);
    for (int i = 0; i < n; i++) {
      t = c.next(t, zone).orElseThrow();
      out.add(t.toString());
    }
    return out;
  }

  private static String next(String cron, ZoneId zone, String after) {
    return times(cron, zone, after, 1).get(0);
  }

  private static CronSyntaxException invalid(String cron) {
    return assertThrows(CronSyntaxException.class, () -> Cron.parse(cron), cron);
  }

  @Test
  void everyMinuteFiresAtSecondZeroOfTheNextMinute() {
    assertEquals(
        List.of("2026-01-01T10:01:00Z", "2026-01-01T10:02:00Z"),
        times("* * * * *", UTC, "2026-01-01T10:00:30Z", 2));
    assertEquals("2026-01-01T10:01:00Z", next("* * * * *", UTC, "2026-01-01T10:00:00Z"));
  }

  @Test
  void aSixthFieldInFrontIsTheSecond() {
    assertEquals(
        List.of("2026-01-01T10:00:02Z", "2026-01-01T10:00:04Z", "2026-01-01T10:00:06Z"),
        times("*/2 * * * * *", UTC, "2026-01-01T10:00:01.500Z", 3));
    assertEquals(
        List.of("2026-01-01T10:00:15Z", "2026-01-01T10:00:45Z", "2026-01-01T10:01:15Z"),
        times("15,45 * * * * *", UTC, "2026-01-01T10:00:00Z", 3));
    assertEquals("2026-01-01T12:30:05Z", next("5 30 12 * * *", UTC, "2026-01-01T10:00:00Z"));
  }

  @Test
  void stepsRangesAndLists() {
    assertEquals(
        List.of("2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z", "2026-01-01T10:45:00Z"),
        times("*/15 * * * *", UTC, "2026-01-01T10:07:00Z", 3));
    assertEquals(
        List.of(
            "2026-01-01T10:05:00Z",
            "2026-01-01T10:10:00Z",
            "2026-01-01T10:15:00Z",
            "2026-01-01T10:20:00Z",
            "2026-01-01T11:05:00Z"),
        times("5-20/5 * * * *", UTC, "2026-01-01T10:00:00Z", 5));
    assertEquals(
        List.of("2026-01-01T10:10:00Z", "2026-01-01T10:30:00Z", "2026-01-01T10:50:00Z"),
        times("10/20 * * * *", UTC, "2026-01-01T10:00:00Z", 3));
    assertEquals(
        List.of("2026-01-01T12:00:00Z", "2026-01-01T18:00:00Z", "2026-01-02T08:00:00Z"),
        times("0 8,12,18 * * *", UTC, "2026-01-01T10:00:00Z", 3));
    assertEquals(
        List.of("2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z", "2026-01-01T10:05:00Z"),
        times("0-1,5 10 * * *", UTC, "2026-01-01T09:00:00Z", 3));
  }

  @Test
  void monthAndDayNamesInAnyCase() {
    // 2026-01-01 is a Thursday
    assertEquals(
        List.of("2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z"),
        times("0 9 * JAN-MAR MON-FRI", UTC, "2026-01-01T10:00:00Z", 2));
    assertEquals("2026-01-05T09:00:00Z", next("0 9 * jan mon", UTC, "2026-01-01T10:00:00Z"));
    assertEquals("2026-04-01T00:00:00Z", next("0 0 1 Apr,Jun *", UTC, "2026-01-01T10:00:00Z"));
    assertEquals(
        List.of("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"),
        times("0 0 1 */2 *", UTC, "2025-12-31T00:00:00Z", 3));
  }

  @Test
  void sundayIsZeroOrSeven() {
    String sunday = "2026-01-04T00:00:00Z";
    assertEquals(sunday, next("0 0 * * 0", UTC, "2026-01-01T10:00:00Z"));
    assertEquals(sunday, next("0 0 * * 7", UTC, "2026-01-01T10:00:00Z"));
    assertEquals(sunday, next("0 0 * * SUN", UTC, "2026-01-01T10:00:00Z"));
    assertEquals(
        List.of("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"),
        times("0 0 * * 5-7", UTC, "2026-01-01T10:00:00Z", 3));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEitherAsInVixieCron() {
    // the 1st and 15th, plus every Friday (2026-01-02, 09, 16 are Fridays; 15 a Thursday)
    assertEquals(
        List.of(
            "2026-01-02T04:30:00Z",
            "2026-01-09T04:30:00Z",
            "2026-01-15T04:30:00Z",
            "2026-01-16T04:30:00Z"),
        times("30 4 1,15 * 5", UTC, "2026-01-01T05:00:00Z", 4));
  }

  @Test
  void aWildcardDayFieldLeavesTheOtherToDecide() {
    assertEquals(
        List.of("2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z"),
        times("0 0 13 * *", UTC, "2026-01-01T00:00:00Z", 2));
    assertEquals(
        List.of("2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z"),
        times("0 0 * * FRI", UTC, "2026-01-01T00:00:00Z", 2));
    assertEquals(
        List.of("2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z"),
        times("0 0 ? * FRI", UTC, "2026-01-01T00:00:00Z", 2));
    // a day field starting with * counts as unrestricted: odd days that are Fridays
    assertEquals(
        List.of("2026-01-09T00:00:00Z", "2026-01-23T00:00:00Z"),
        times("0 0 */2 * 5", UTC, "2026-01-01T00:00:00Z", 2));
  }

  @Test
  void macros() {
    String after = "2026-01-01T10:20:00Z";
    assertEquals("2026-01-01T11:00:00Z", next("@hourly", UTC, after));
    assertEquals("2026-01-02T00:00:00Z", next("@daily", UTC, after));
    assertEquals("2026-01-02T00:00:00Z", next("@midnight", UTC, after));
    assertEquals("2026-01-04T00:00:00Z", next("@weekly", UTC, after));
    assertEquals("2026-02-01T00:00:00Z", next("@monthly", UTC, after));
    assertEquals("2027-01-01T00:00:00Z", next("@yearly", UTC, after));
    assertEquals("2027-01-01T00:00:00Z", next("@ANNUALLY", UTC, after));
  }

  @Test
  void theTwentyNinthOfFebruaryWaitsForALeapYearAndTheThirtiethNeverComes() {
    assertEquals("2028-02-29T00:00:00Z", next("0 0 29 2 *", UTC, "2026-03-01T00:00:00Z"));
    assertEquals(Optional.empty(), Cron.parse("0 0 30 2 *").next(Instant.now(), UTC));
    assertEquals(Optional.empty(), Cron.parse("0 0 31 4,6 *").next(Instant.now(), UTC));
  }

  @Test
  void evaluatesInTheTimeZone() {
    // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer
    assertEquals("2026-01-02T08:00:00Z", next("0 9 * * *", BERLIN, "2026-01-01T10:00:00Z"));
    assertEquals("2026-07-02T07:00:00Z", next("0 9 * * *", BERLIN, "2026-07-01T10:00:00Z"));
    assertEquals("2026-01-01T14:00:00Z", next("0 9 * * *", NEW_YORK, "2026-01-01T10:00:00Z"));
    // the day is the zone's day: midnight on Monday in New York is Monday 05:00 UTC
    assertEquals("2026-01-05T05:00:00Z", next("0 0 * * MON", NEW_YORK, "2026-01-01T10:00:00Z"));
  }

  @Test
  void aTimeSkippedBySpringForwardFiresOnceWhenTheGapEnds() {
    // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist
    assertEquals(
        List.of("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"),
        times("30 2 * * *", BERLIN, "2026-03-27T12:00:00Z", 3));
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC)
    assertEquals(
        List.of("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"),
        times("30 2 * * *", NEW_YORK, "2026-03-06T12:00:00Z", 3));
  }

  @Test
  void severalSkippedTimesFireTogetherOnce() {
    // 02:00, 02:15, 02:30, 02:45 and 03:00 are all the instant 01:00 UTC in Berlin that night
    assertEquals(
        List.of("2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"),
        times("*/15 * * * *", BERLIN, "2026-03-29T00:40:00Z", 3));
    assertEquals(
        List.of("2026-03-29T00:59:58Z", "2026-03-29T01:00:00Z", "2026-03-29T01:00:02Z"),
        times("*/2 * * * * *", BERLIN, "2026-03-29T00:59:57Z", 3));
  }

  @Test
  void aFixedTimeInTheRepeatedHourFiresOnce() {
    // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:30 happens twice
    assertEquals(
        List.of("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
        times("30 2 * * *", BERLIN, "2026-10-23T12:00:00Z", 3));
    // asked during the second pass, the next time is tomorrow's
    assertEquals("2026-10-26T01:30:00Z", next("30 2 * * *", BERLIN, "2026-10-25T01:10:00Z"));
    // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST (06:00 UTC); 01:30 happens twice
    assertEquals(
        List.of("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
        times("30 1 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2));
    assertEquals("2026-11-02T06:30:00Z", next("30 1 * * *", NEW_YORK, "2026-11-01T06:10:00Z"));
  }

  @Test
  void aWildcardScheduleKeepsItsPaceThroughTheRepeatedHour() {
    // hourly in Berlin: 02:00 CEST (00:00 UTC), 02:00 CET (01:00 UTC), 03:00 CET (02:00 UTC)
    assertEquals(
        List.of("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"),
        times("0 * * * *", BERLIN, "2026-10-24T23:30:00Z", 3));
    assertEquals(
        List.of(
            "2026-11-01T05:30:00Z",
            "2026-11-01T06:00:00Z",
            "2026-11-01T06:30:00Z",
            "2026-11-01T07:00:00Z"),
        times("*/30 * * * *", NEW_YORK, "2026-11-01T05:15:00Z", 4));
    assertEquals(
        List.of("2026-10-25T00:59:58Z", "2026-10-25T01:00:00Z", "2026-10-25T01:00:02Z"),
        times("*/2 * * * * *", BERLIN, "2026-10-25T00:59:57Z", 3));
    // from inside the second pass
    assertEquals("2026-10-25T01:15:00Z", next("*/15 * * * *", BERLIN, "2026-10-25T01:10:00Z"));
  }

  @Test
  void everyFiringIsLaterThanTheOneBefore() {
    for (String cron : List.of("*/7 * * * *", "30 2 * * *", "0 * * * *", "*/20 * * * * *")) {
      for (ZoneId zone : List.of(BERLIN, NEW_YORK)) {
        for (String start :
            List.of(
                "2026-03-05T00:00:00Z",
                "2026-03-25T00:00:00Z",
                "2026-10-22T00:00:00Z",
                "2026-10-29T00:00:00Z")) {
          Instant t = Instant.parse(start);
          Instant end = t.plusSeconds(8L * 24 * 3600);
          Cron c = Cron.parse(cron);
          while (t.isBefore(end)) {
            Instant n = c.next(t, zone).orElseThrow();
            assertTrue(n.isAfter(t), cron + " " + zone + " after " + t + " gave " + n);
            assertTrue(n.minusSeconds(2 * 24 * 3600).isBefore(t), cron + " skipped days");
            t = n;
          }
        }
      }
    }
  }

  @Test
  void errorsNameTheField() {
    assertEquals("minute", invalid("60 * * * *").field());
    assertEquals("minute field: value 60 is out of range 0-59", invalid("60 * * * *").getMessage());
    assertEquals("hour", invalid("* 24 * * *").field());
    assertEquals("day-of-month", invalid("* * 0 * *").field());
    assertEquals("day-of-month", invalid("* * 32 * *").field());
    assertEquals("month", invalid("* * * 13 *").field());
    assertEquals("month", invalid("* * * FOO *").field());
    assertEquals("day-of-week", invalid("* * * * 8").field());
    assertEquals("day-of-week", invalid("* * * * FUN").field());
    assertTrue(invalid("* * * * FUN").getMessage().contains("'FUN'"));
    assertEquals("second", invalid("61 * * * * *").field());
    assertEquals("minute", invalid("*/0 * * * *").field());
    assertEquals("minute", invalid("*/x * * * *").field());
    assertEquals("minute", invalid("5-1 * * * *").field());
    assertEquals("minute", invalid("1,,2 * * * *").field());
    assertEquals("minute", invalid("5- * * * *").field());
    assertEquals("minute", invalid("-5 * * * *").field());
    assertEquals("minute", invalid("? * * * *").field());
    assertEquals("day-of-month", invalid("* * ?/2 * *").field());
    assertEquals("day-of-month", invalid("* * ?,1 * *").field());
    assertEquals("hour", invalid("* a * * *").field());
    assertEquals("day-of-week", invalid("* * * * MON-SUN").field());
  }

  @Test
  void wholeExpressionErrors() {
    assertNull(invalid("* * *").field());
    assertTrue(invalid("* * *").getMessage().contains("not 3"));
    assertNull(invalid("* * * * * * *").field());
    assertNull(invalid("@reboot").field());
    assertNull(invalid("").field());
    assertNull(invalid("   ").field());
    assertNull(invalid(null).field());
    assertNull(invalid("* * * * * " + "1,".repeat(100) + "1").field());
  }

  @Test
  void whitespaceAroundAndBetweenFieldsIsAllowed() {
    assertEquals("2026-01-01T10:05:00Z", next("  5   *\t* * *  ", UTC, "2026-01-01T10:00:00Z"));
    assertEquals("5   *\t* * *", Cron.parse("  5   *\t* * *  ").expression());
  }
}
