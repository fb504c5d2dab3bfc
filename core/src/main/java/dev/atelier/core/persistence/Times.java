package dev.atelier.core.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time as stored: millisecond precision, so a value reads back as it was written. */
public final class Times {

  private Times() {}

  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
