package dev.atelier.core.api;

import java.util.List;
import java.util.Map;

/**
 * The one unchecked exception family of the API. Whatever throws it, {@link ProblemMappers} turns
 * it into an {@code application/problem+json} response with its status, stable {@code code}, human
 * {@code detail} and, for validation, field errors.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String title, String detail) {
    this(status, code, title, detail, List.of(), Map.of());
  }

  public ApiException(
      int status,
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
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

  /** One field's problem: the snake_case field name and a human message. */
  public record FieldError(String field, String message) {}

  public static ApiException badRequest(String code, String detail) {
    return new ApiException(400, code, "Bad request", detail);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(
        401,
        "unauthorized",
        "Unauthorized",
        detail,
        List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"atelier\""));
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "forbidden", "Forbidden", detail);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", "Not found", what + " was not found.");
  }

  public static ApiException conflict(String code, String detail) {
    return new ApiException(409, code, "Conflict", detail);
  }

  public static ApiException validation(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : "The request has " + errors.size() + " invalid fields.";
    return new ApiException(422, "validation_error", "Validation failed", detail, errors, Map.of());
  }

  public static ApiException validation(String field, String message) {
    return validation(List.of(new FieldError(field, message)));
  }
}
