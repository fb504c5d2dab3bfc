package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * A billing call failed; {@code code} is a stable reason such as {@code billing_unavailable}.
 *
 * @since 1.0.0
 */
@Incubating
public class BillingException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  public BillingException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
