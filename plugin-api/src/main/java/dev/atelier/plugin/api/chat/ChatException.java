package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;

/**
 * A chat platform call failed; {@code code} is a stable reason such as {@code chat_auth_failed}.
 *
 * @since 1.0.0
 */
@Incubating
public class ChatException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  public ChatException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
