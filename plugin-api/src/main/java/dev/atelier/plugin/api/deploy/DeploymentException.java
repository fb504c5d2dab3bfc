package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;

/**
 * A deployment call failed; {@code code} is a stable reason such as {@code deploy_auth_failed}.
 *
 * @since 1.0.0
 */
@Incubating
public class DeploymentException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  public DeploymentException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
