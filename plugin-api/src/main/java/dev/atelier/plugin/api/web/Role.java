package dev.atelier.plugin.api.web;

import java.util.Locale;
import java.util.Optional;

/**
 * A member's role in a tenant, ordered: viewer &lt; operator &lt; admin.
 *
 * @since 1.0.0
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  public boolean atLeast(Role other) {
    return compareTo(other) >= 0;
  }

  /** The lower of two roles (an API key acts with at most its owner's live role). */
  public static Role min(Role a, Role b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (Role r : values()) {
      if (r.wire().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
