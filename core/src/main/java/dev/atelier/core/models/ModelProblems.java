package dev.atelier.core.models;

import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.web.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The problems a model call answers with: 422 {@code model_not_configured} when there is nothing to
 * call, 503 {@code model_provider_unavailable} (with {@code Retry-After}) when the provider may
 * answer later, 502 {@code model_provider_error} when it refused. Details carry the provider's
 * message, with the tenant's key blanked out should the provider have echoed it.
 */
final class ModelProblems {

  /** The wait suggested when a provider was unavailable and said nothing. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

  private static final int MAX_DETAIL = 600;

  private ModelProblems() {}

  static ProblemException notConfigured(String detail) {
    return new ProblemException(422, "model_not_configured", "Model not configured", detail);
  }

  /** The problem for {@code e}, a failure of provider {@code provider} called with {@code key}. */
  static ProblemException of(String provider, ModelException e, String key) {
    String message = scrub(String.valueOf(e.getMessage()), key);
    if (e.retryable()) {
      long seconds = e.retryAfter().orElse(DEFAULT_RETRY_AFTER).toSeconds();
      return new ProblemException(
          503,
          "model_provider_unavailable",
          "Model provider unavailable",
          shorten("The model provider '" + provider + "' is unavailable: " + message),
          List.of(),
          Map.of("Retry-After", Long.toString(Math.max(1, seconds))));
    }
    return new ProblemException(
        502,
        "model_provider_error",
        "Model provider error",
        shorten(
            "The model provider '"
                + provider
                + "' refused the call ("
                + e.code()
                + "): "
                + message));
  }

  /** A provider plugin that failed in an unexpected way (a bug): nothing of it is shown. */
  static ProblemException broken(String provider) {
    return new ProblemException(
        502,
        "model_provider_error",
        "Model provider error",
        "The model provider '" + provider + "' failed unexpectedly; the server log has the cause.");
  }

  private static String scrub(String message, String key) {
    return key == null || key.strip().length() < 4 ? message : message.replace(key.strip(), "***");
  }

  private static String shorten(String detail) {
    return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
  }
}
