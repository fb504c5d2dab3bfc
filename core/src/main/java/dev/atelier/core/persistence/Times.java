package dev.atelier.core.persistence;

import java.time.Instant;

/** The current time as stored (the plugin API's {@link dev.atelier.plugin.api.data.Times}). */
public final class Times {

  private Times() {}

  public static Instant now() {
    return dev.atelier.plugin.api.data.Times.now();
  }
}
