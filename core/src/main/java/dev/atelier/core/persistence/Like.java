package dev.atelier.core.persistence;

import java.util.Locale;

/**
 * Case-insensitive substring search in JPQL. Use the pattern as {@code LOWER(x) LIKE :q ESCAPE
 * '\'}: the user's {@code %}, {@code _} and {@code \} are literal characters, never wildcards.
 */
public final class Like {

  private Like() {}

  /** The LIKE pattern matching any text that contains {@code text} (trimmed, any case). */
  public static String contains(String text) {
    String escaped =
        text.trim()
            .toLowerCase(Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
