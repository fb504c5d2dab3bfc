package dev.atelier.plugin.api.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the field errors of one request body and throws them together as a 422. Resources call
 * it at the boundary, before any state changes.
 *
 * @since 1.0.0
 */
public final class Check {

  public static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$");
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[^@\\s\"<>()\\[\\],;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

  private final List<FieldError> errors = new ArrayList<>();

  public static Check body(Object body) {
    if (body == null) {
      throw ProblemException.badRequest("missing_body", "A JSON request body is required.");
    }
    return new Check();
  }

  public static Check start() {
    return new Check();
  }

  public Check fail(String field, String message) {
    errors.add(new FieldError(field, message));
    return this;
  }

  public Check required(String field, Object value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      fail(field, "is required");
    }
    return this;
  }

  /** A required string of at most {@code max} characters (after trimming, at least one). */
  public Check text(String field, String value, int max) {
    required(field, value);
    return optionalText(field, value, max);
  }

  public Check optionalText(String field, String value, int max) {
    if (value != null && value.length() > max) {
      fail(field, "must be at most " + max + " characters");
    }
    if (value != null && value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      fail(field, "must not contain control characters");
    }
    return this;
  }

  public Check email(String field, String value) {
    required(field, value);
    if (value != null && !value.isBlank()) {
      if (value.length() > 254 || !EMAIL.matcher(value.trim()).matches()) {
        fail(field, "must be a valid e-mail address");
      }
    }
    return this;
  }

  public Check slug(String field, String value) {
    if (value != null && !SLUG.matcher(value).matches()) {
      fail(
          field,
          "must be 1-64 lowercase letters, digits or hyphens, not starting or ending with a hyphen");
    }
    return this;
  }

  public Check that(boolean condition, String field, String message) {
    if (!condition) {
      fail(field, message);
    }
    return this;
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** Throws the collected errors as one 422, if there are any. */
  public void done() {
    if (!errors.isEmpty()) {
      throw ProblemException.validation(errors);
    }
  }
}
