package dev.atelier.core.agents;

import java.util.Locale;

/** The notation an agent spec is written in; on the wire {@code yaml} or {@code json}. */
public enum SpecFormat {
  YAML,
  JSON;

  /** The wire name: {@code yaml} or {@code json}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code wire} exactly ({@code yaml} or {@code json}), or null. */
  public static SpecFormat of(String wire) {
    for (SpecFormat f : values()) {
      if (f.wire().equals(wire)) {
        return f;
      }
    }
    return null;
  }
}
