package dev.atelier.plugin.api.data;

import java.util.Locale;

/**
 * Case-insensitive substring search in JPQL, for a text a user typed. Use the pattern as {@code
 * LOWER(x) LIKE :q ESCAPE '\'}: the user's {@code %}, {@code _} and {@code \} are literal
 * characters, never wildcards.
 *
 * @since 1.1.0
 */
public final class Like {

  private Like() {}

  /**
   * The LIKE pattern matching any text that contains {@code text} (trimmed, any case): {@code "%"}
   * + {@link #escape escaped} lower-case {@code text} + {@code "%"}.
   *
   * @since 1.1.0
   */
  public static String contains(String text) {
    return "%" + escape(text.trim().toLowerCase(Locale.ROOT)) + "%";
  }

  /**
   * {@code text} with {@code \}, {@code %} and {@code _} escaped by a backslash, for a LIKE pattern
   * with {@code ESCAPE '\'}.
   *
   * @since 1.1.0
   */
  public static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
