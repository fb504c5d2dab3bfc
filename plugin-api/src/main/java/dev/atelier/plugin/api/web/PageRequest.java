package dev.atelier.plugin.api.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code ?limit=&offset=}: limit 1–500 (default 50), offset ≥ 0.
 *
 * @since 1.0.0
 */
public record PageRequest(int limit, int offset) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** Parses the raw query values; out-of-range or non-numeric values answer 422. */
  public static PageRequest of(String limit, String offset) {
    List<FieldError> errors = new ArrayList<>();
    int l = parse(limit, DEFAULT_LIMIT, "limit", errors);
    int o = parse(offset, 0, "offset", errors);
    if (errors.isEmpty() && (l < 1 || l > MAX_LIMIT)) {
      errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
    }
    if (errors.isEmpty() && o < 0) {
      errors.add(new FieldError("offset", "must be 0 or more"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.validation(errors);
    }
    return new PageRequest(l, o);
  }

  private static int parse(String value, int fallback, String field, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      errors.add(new FieldError(field, "must be a whole number"));
      return fallback;
    }
  }

  public <T> Page<T> page(List<T> items, long total) {
    return new Page<>(items, total, limit, offset);
  }
}
