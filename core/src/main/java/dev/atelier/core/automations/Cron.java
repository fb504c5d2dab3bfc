package dev.atelier.core.automations;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cron expression and when it fires next in a time zone.
 *
 * <p>Syntax: five fields {@code minute hour day-of-month month day-of-week}, or six with a leading
 * {@code second}; each a {@code *}, a value, a range {@code a-b}, a step {@code *}{@code /n},
 * {@code a-b/n} or {@code a/n} (from {@code a} to the field's end), or a comma-separated list of
 * these. Months and days of the week may be given by their English three-letter names ({@code JAN},
 * {@code MON}, any case); Sunday is {@code 0} or {@code 7}. {@code ?} is {@code *} in the two day
 * fields. The macros {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly},
 * {@code @daily} ({@code @midnight}) and {@code @hourly} stand for their usual five fields.
 *
 * <p>The two day fields combine as in Vixie cron: when both are restricted (neither starts with
 * {@code *} nor is {@code ?}), a day matches if <em>either</em> matches; otherwise both must.
 *
 * <p>Times are wall-clock times of the zone. A time that a daylight-saving gap skips (02:30 on the
 * spring-forward night in Europe/Berlin) fires once, at the instant the gap ends (03:00 CEST);
 * several skipped times of one gap fire together once. A time that a fall-back overlap repeats
 * fires once, at its first occurrence (the earlier offset) — unless the expression's second, minute
 * or hour field is a wildcard (starts with {@code *}): such a schedule runs by the clock as it is
 * and fires in both passes of the repeated hour (an hourly schedule stays hourly), as in Vixie
 * cron.
 */
public final class Cron {

  /** The fields of an expression, in the order of a six-field expression. */
  enum Field {
    SECOND("second", 0, 59, null),
    MINUTE("minute", 0, 59, null),
    HOUR("hour", 0, 23, null),
    DAY_OF_MONTH("day-of-month", 1, 31, null),
    MONTH(
        "month",
        1,
        12,
        List.of(
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    final String label;
    final int min;
    final int max;
    final List<String> names;

    Field(String label, int min, int max, List<String> names) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
    }
  }

  /** Longest accepted expression, in characters. */
  public static final int MAX_LENGTH = 200;

  /** How far ahead {@link #next} looks: enough for 29 February in a leap year eight years on. */
  private static final int HORIZON_YEARS = 9;

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private final String expression;
  private final long seconds;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean dayOr;
  private final boolean wildcardTime;

  private Cron(String expression, long[] bits, boolean dayOr, boolean wildcardTime) {
    this.expression = expression;
    this.seconds = bits[0];
    this.minutes = bits[1];
    this.hours = bits[2];
    this.daysOfMonth = bits[3];
    this.months = bits[4];
    this.daysOfWeek = bits[5];
    this.dayOr = dayOr;
    this.wildcardTime = wildcardTime;
  }

  /**
   * Parses {@code expression}.
   *
   * @throws CronSyntaxException naming the field that is wrong and why
   */
  public static Cron parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new CronSyntaxException(null, "is required");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new CronSyntaxException(null, "must be at most " + MAX_LENGTH + " characters");
    }
    String text = expression.trim();
    if (text.startsWith("@")) {
      String fields = MACROS.get(text.toLowerCase(Locale.ROOT));
      if (fields == null) {
        throw new CronSyntaxException(
            null,
            "unknown macro "
                + quote(text)
                + "; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly");
      }
      text = fields;
    }
    String[] parts = text.split("\\s+");
    if (parts.length != 5 && parts.length != 6) {
      throw new CronSyntaxException(
          null,
          "must have 5 fields (minute hour day-of-month month day-of-week) or 6 (with a leading"
              + " second), not "
              + parts.length);
    }
    int offset = parts.length == 6 ? 0 : 1;
    long[] bits = new long[6];
    bits[0] = 1L; // five fields: at second 0
    for (int i = 0; i < parts.length; i++) {
      bits[i + offset] = parseField(Field.values()[i + offset], parts[i]);
    }
    if ((bits[5] & (1L << 7)) != 0) {
      bits[5] = (bits[5] | 1L) & ~(1L << 7); // 7 is Sunday, as 0
    }
    String dom = parts[parts.length - 3];
    String dow = parts[parts.length - 1];
    boolean dayOr = !unrestricted(dom) && !unrestricted(dow);
    boolean wildcardTime = false;
    for (int i = 0; i < parts.length - 3; i++) {
      wildcardTime |= parts[i].startsWith("*");
    }
    return new Cron(expression.trim(), bits, dayOr, wildcardTime);
  }

  /** Whether a day field counts as "*" for the either-day rule: it starts with * or is ?. */
  private static boolean unrestricted(String field) {
    return field.startsWith("*") || field.equals("?");
  }

  private static long parseField(Field f, String text) {
    long bits = 0;
    for (String item : text.split(",", -1)) {
      bits |= parseItem(f, item, text);
    }
    return bits;
  }

  private static long parseItem(Field f, String item, String whole) {
    if (item.isEmpty()) {
      throw new CronSyntaxException(f, "empty list item in " + quote(whole));
    }
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      String s = item.substring(slash + 1);
      if (!s.matches("[0-9]{1,4}")) {
        throw new CronSyntaxException(f, "step is not a number in " + quote(item));
      }
      step = Integer.parseInt(s);
      if (step < 1 || step > f.max) {
        throw new CronSyntaxException(f, "step out of range 1-" + f.max + " in " + quote(item));
      }
    }
    int from;
    int to;
    if (range.equals("*") || range.equals("?")) {
      if (range.equals("?") && f != Field.DAY_OF_MONTH && f != Field.DAY_OF_WEEK) {
        throw new CronSyntaxException(f, "? is allowed only in day-of-month and day-of-week");
      }
      if (range.equals("?") && (slash >= 0 || !item.equals(whole))) {
        throw new CronSyntaxException(f, "? must stand alone");
      }
      from = f.min;
      to = f == Field.DAY_OF_WEEK ? 6 : f.max;
    } else {
      int dash = range.indexOf('-');
      if (dash >= 0) {
        from = value(f, range.substring(0, dash), item);
        to = value(f, range.substring(dash + 1), item);
        if (from > to) {
          throw new CronSyntaxException(f, "range start is after its end in " + quote(item));
        }
      } else {
        from = value(f, range, item);
        to = slash >= 0 ? (f == Field.DAY_OF_WEEK ? 6 : f.max) : from;
      }
    }
    long bits = 0;
    for (int v = from; v <= to; v += step) {
      bits |= 1L << v;
    }
    return bits;
  }

  private static int value(Field f, String text, String item) {
    if (text.isEmpty()) {
      throw new CronSyntaxException(f, "incomplete range in " + quote(item));
    }
    int v;
    if (text.matches("[0-9]{1,4}")) {
      v = Integer.parseInt(text);
    } else if (f.names != null && f.names.contains(text.toUpperCase(Locale.ROOT))) {
      v = f.names.indexOf(text.toUpperCase(Locale.ROOT)) + (f == Field.MONTH ? 1 : 0);
    } else {
      throw new CronSyntaxException(
          f,
          quote(text)
              + ", which is not a number"
              + (f.names == null ? "" : " nor a name (" + String.join(", ", f.names) + ")"));
    }
    if (v < f.min || v > f.max) {
      throw new CronSyntaxException(f, "value " + v + " is out of range " + f.min + "-" + f.max);
    }
    return v;
  }

  private static String quote(String s) {
    return "'" + (s.length() <= 40 ? s : s.substring(0, 40) + "…") + "'";
  }

  /** The expression as given (trimmed). */
  public String expression() {
    return expression;
  }

  /**
   * The first instant strictly after {@code after} at which the expression fires in {@code zone};
   * empty when it never fires within nine years (e.g. {@code 0 0 30 2 *}, the 30th of February).
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
    LocalDateTime from = wall.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    int limit = from.getYear() + HORIZON_YEARS;
    ZoneOffsetTransition overlap = rules.getTransition(wall);
    if (overlap != null && overlap.isOverlap()) {
      // after is in a repeated hour: first the rest of its first pass, then (for a wildcard
      // schedule) the second pass, then what follows the repeated hour
      LocalDateTime end = overlap.getDateTimeBefore();
      boolean secondPass = rules.getOffset(after).equals(overlap.getOffsetAfter());
      if (!secondPass) {
        Optional<LocalDateTime> m = nextWallTime(from, limit);
        if (m.isPresent() && m.get().isBefore(end)) {
          return Optional.of(m.get().toInstant(overlap.getOffsetBefore()));
        }
      }
      if (wildcardTime) {
        Optional<LocalDateTime> m =
            nextWallTime(secondPass ? from : overlap.getDateTimeAfter(), limit);
        if (m.isPresent() && m.get().isBefore(end)) {
          return Optional.of(m.get().toInstant(overlap.getOffsetAfter()));
        }
      }
      if (from.isBefore(end)) {
        from = end;
      }
    }
    return nextWallTime(from, limit).map(t -> instant(t, rules));
  }

  /**
   * The instant of wall time {@code t}: in a gap, the instant the gap ends; in an overlap, the
   * first occurrence. Never decreases as {@code t} increases.
   */
  static Instant instant(LocalDateTime t, ZoneRules rules) {
    List<ZoneOffset> offsets = rules.getValidOffsets(t);
    if (offsets.isEmpty()) {
      return rules.getTransition(t).getInstant();
    }
    return t.toInstant(offsets.get(0));
  }

  /** The first wall time at or after {@code t} that matches, before year {@code limit} ends. */
  private Optional<LocalDateTime> nextWallTime(LocalDateTime t, int limit) {
    while (t.getYear() <= limit) {
      if (!has(months, t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!has(hours, t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!has(minutes, t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!has(seconds, t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate d) {
    boolean dom = has(daysOfMonth, d.getDayOfMonth());
    boolean dow =
        has(daysOfWeek, d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
    return dayOr ? dom || dow : dom && dow;
  }

  private static boolean has(long bits, int value) {
    return (bits & (1L << value)) != 0;
  }

  @Override
  public String toString() {
    return expression;
  }
}
