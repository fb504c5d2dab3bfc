package dev.atelier.core.api;

import dev.atelier.plugin.api.web.Check;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Derives URL slugs from names and tells slugs from other text. */
public final class Slugs {

  /**
   * A slug: 1-64 lowercase ASCII letters, digits and hyphens, neither first nor last a hyphen. The
   * one pattern of slugs, provider ids and plugin ids, shared with plugins through {@link Check}.
   */
  public static final Pattern PATTERN = Check.SLUG;

  private Slugs() {}

  /** Whether {@code text} is a slug ({@link #PATTERN}). */
  public static boolean isSlug(String text) {
    return text != null && PATTERN.matcher(text).matches();
  }

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
