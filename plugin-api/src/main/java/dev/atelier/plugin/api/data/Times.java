package dev.atelier.plugin.api.data;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time as Atelier stores it: millisecond precision, which every supported database
 * keeps, so a value reads back exactly as it was written.
 *
 * @since 1.1.0
 */
public final class Times {

  private Times() {}

  /**
   * Now, truncated to milliseconds.
   *
   * @since 1.1.0
   */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
