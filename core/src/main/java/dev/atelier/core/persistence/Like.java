package dev.atelier.core.persistence;

/**
 * Case-insensitive substring search in JPQL. Use the pattern as {@code LOWER(x) LIKE :q ESCAPE
 * '\'}: the user's {@code %}, {@code _} and {@code \} are literal characters, never wildcards. The
 * same rules as plugins get from {@link dev.atelier.plugin.api.data.Like}.
 */
public final class Like {

  private Like() {}

  /** The LIKE pattern matching any text that contains {@code text} (trimmed, any case). */
  public static String contains(String text) {
    return dev.atelier.plugin.api.data.Like.contains(text);
  }
}
