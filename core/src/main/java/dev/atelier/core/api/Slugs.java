package dev.atelier.core.api;

import java.text.Normalizer;
import java.util.Locale;

/** Derives URL slugs from names. */
public final class Slugs {

  private Slugs() {}

  /** A slug from {@code name}: lowercase ASCII letters, digits and single hyphens, ≤ 48 chars. */
  public static String from(String name) {
    String ascii =
        Normalizer.normalize(name, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (ascii.length() > 48) {
      ascii = ascii.substring(0, 48).replaceAll("-+$", "");
    }
    return ascii.isEmpty() ? "item" : ascii;
  }
}
