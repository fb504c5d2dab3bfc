package dev.atelier.core.runs;

import java.util.Locale;

/** Where a run stands. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  AWAITING_APPROVAL,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  public static RunStatus parse(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
