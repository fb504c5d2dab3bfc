package dev.atelier.plugin.api.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call failed. {@code retryable} says whether the same call may succeed later (rate limits,
 * server errors, timeouts); {@code code} is a stable reason such as {@code
 * model_provider_unavailable}, {@code model_auth_failed} or {@code model_request_invalid}. The
 * message says what the provider answered, never the credentials.
 *
 * @since 1.0.0
 */
public class ModelException extends Exception {

  /**
   * The provider refused the credentials (HTTP 401/403); not retryable.
   *
   * @since 1.0.0
   */
  public static final String AUTH_FAILED = "model_auth_failed";

  /**
   * The provider refused the request itself (HTTP 400/404/422: unknown model, bad tool schema,
   * context too long); not retryable.
   *
   * @since 1.0.0
   */
  public static final String REQUEST_INVALID = "model_request_invalid";

  /**
   * The provider limits the caller's rate (HTTP 429); retryable, often with {@link #retryAfter()}.
   *
   * @since 1.0.0
   */
  public static final String RATE_LIMITED = "model_rate_limited";

  /**
   * The provider is down, overloaded or unreachable (HTTP 5xx, timeouts, connection errors, a
   * stream cut short); retryable.
   *
   * @since 1.0.0
   */
  public static final String PROVIDER_UNAVAILABLE = "model_provider_unavailable";

  /**
   * The provider answered something the plugin cannot read (a malformed stream); not retryable.
   *
   * @since 1.0.0
   */
  public static final String RESPONSE_INVALID = "model_response_invalid";

  private static final long serialVersionUID = 1L;

  private final String code;
  private final boolean retryable;
  private final Duration retryAfter;

  public ModelException(String code, String message, boolean retryable, Throwable cause) {
    this(code, message, retryable, null, cause);
  }

  /**
   * A failure with the wait the provider asked for ({@code Retry-After}), or null when it said
   * none.
   *
   * @since 1.0.0
   */
  public ModelException(
      String code, String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  /**
   * How long the provider asked the caller to wait before trying again, when it said.
   *
   * @since 1.0.0
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
