package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * A git host call failed: {@code code} is {@code git_auth_failed}, {@code git_not_found}, {@code
 * git_request_refused} (the host refused what was asked, with its reason), {@code
 * git_rate_limited}, {@code git_provider_unavailable} or {@code bad_signature}.
 *
 * @since 1.0.0
 */
@Incubating
public class GitException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  public GitException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public GitException(String code, String message) {
    this(code, message, null);
  }

  public String code() {
    return code;
  }
}
