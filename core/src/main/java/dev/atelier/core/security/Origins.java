package dev.atelier.core.security;

import java.util.Collection;
import java.util.Locale;

/**
 * Whether a browser's {@code Origin} is one of the configured origins. Entries are {@code
 * scheme://host[:port]}; they match case-insensitively, with or without a trailing slash and with
 * or without the scheme's default port; {@code *} matches every origin. The chat WebSocket and the
 * MCP endpoint check their requests with it, each against its own setting.
 */
public final class Origins {

  private Origins() {}

  /** Whether {@code origin} (a request's {@code Origin} header) is among {@code allowed}. */
  public static boolean listed(String origin, Collection<String> allowed) {
    String o = normalize(origin);
    for (String entry : allowed) {
      if ("*".equals(entry.trim()) || normalize(entry).equals(o)) {
        return true;
      }
    }
    return false;
  }

  static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    while (o.endsWith("/")) {
      o = o.substring(0, o.length() - 1);
    }
    if (o.startsWith("https://") && o.endsWith(":443")) {
      return o.substring(0, o.length() - 4);
    }
    if (o.startsWith("http://") && o.endsWith(":80")) {
      return o.substring(0, o.length() - 3);
    }
    return o;
  }
}
