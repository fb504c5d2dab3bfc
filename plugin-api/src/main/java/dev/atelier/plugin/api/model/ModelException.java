package dev.atelier.plugin.api.model;

/**
 * A model call failed. {@code retryable} says whether the same call may succeed later (rate limits,
 * server errors, timeouts); {@code code} is a stable reason such as {@code
 * model_provider_unavailable}, {@code model_auth_failed} or {@code model_request_invalid}.
 *
 * @since 1.0.0
 */
public class ModelException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final boolean retryable;

  public ModelException(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
