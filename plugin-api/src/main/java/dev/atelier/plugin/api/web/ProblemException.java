package dev.atelier.plugin.api.web;

import java.util.List;
import java.util.Map;

/**
 * An error answer: whatever throws it, core and plugin code alike, the host turns it into an {@code
 * application/problem+json} response (RFC 9457) with its status, its stable snake_case {@code
 * code}, its human {@code detail} and, for validation, the field errors. Any other exception that
 * escapes a route becomes a 500 with a reference id and nothing of the internals.
 *
 * @since 1.0.0
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  /**
   * @param status the HTTP status, 400 to 599
   * @param code the stable machine-readable code, e.g. {@code card_not_found}
   * @param title a short summary of the kind of problem
   * @param detail a human sentence about this occurrence
   */
  public ProblemException(int status, String code, String title, String detail) {
    this(status, code, title, detail, List.of(), Map.of());
  }

  /**
   * @param errors field-level errors (validation)
   * @param headers extra response headers, e.g. {@code Retry-After}
   */
  public ProblemException(
      int status,
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("A problem's status is 400-599, not " + status);
    }
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** 400 with {@code code}. */
  public static ProblemException badRequest(String code, String detail) {
    return new ProblemException(400, code, "Bad request", detail);
  }

  /** 403 {@code forbidden}. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail);
  }

  /** 404 {@code not_found}: "{@code what} was not found." */
  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not_found", "Not found", what + " was not found.");
  }

  /** 409 with {@code code}. */
  public static ProblemException conflict(String code, String detail) {
    return new ProblemException(409, code, "Conflict", detail);
  }

  /** 422 {@code validation_error} with these field errors. */
  public static ProblemException validation(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : "The request has " + errors.size() + " invalid fields.";
    return new ProblemException(
        422, "validation_error", "Validation failed", detail, errors, Map.of());
  }

  /** 422 {@code validation_error} for one field. */
  public static ProblemException validation(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }
}
