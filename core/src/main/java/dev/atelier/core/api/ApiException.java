package dev.atelier.core.api;

import dev.atelier.plugin.api.web.FieldError;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * The core's error answers: the plugin API's {@link ProblemException} (whose factories core uses
 * through this class) plus the core-only ones. {@link ProblemMappers} turns any of them into an
 * {@code application/problem+json} response.
 */
public class ApiException extends ProblemException {

  private static final long serialVersionUID = 1L;

  public ApiException(int status, String code, String title, String detail) {
    super(status, code, title, detail);
  }

  public ApiException(
      int status,
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(status, code, title, detail, errors, headers);
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
}
