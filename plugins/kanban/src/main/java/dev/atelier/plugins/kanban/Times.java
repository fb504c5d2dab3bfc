package dev.atelier.plugins.kanban;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current time as stored: millisecond precision, so a value reads back as it was written. */
final class Times {

  private Times() {}

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
