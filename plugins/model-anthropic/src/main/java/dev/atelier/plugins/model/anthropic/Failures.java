package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.model.ModelException;
import jakarta.json.JsonObject;

/**
 * What went wrong in a way particular to the Anthropic API, as {@link ModelException}s with the
 * stable codes: an {@code error} event inside the stream ({@code overloaded_error}, {@code
 * rate_limit_error}...), and events that are not what the API sends. Error answers (529 is
 * Anthropic's "overloaded", a 5xx) and network failures are {@link
 * dev.atelier.plugin.api.http.ProviderHttp}'s.
 */
final class Failures {

  static final String API = "The Anthropic API";

  private Failures() {}

  /** The failure of an {@code error} event: its {@code error.type} says which. */
  static ModelException fromStreamError(JsonObject event) {
    JsonObject error = JsonValues.object(event, "error");
    String type = String.valueOf(JsonValues.string(error, "type"));
    String message = JsonValues.string(error, "message");
    String text = API + " failed in the stream: " + type + (message == null ? "" : ": " + message);
    return switch (type) {
      case "rate_limit_error" -> new ModelException(ModelException.RATE_LIMITED, text, true, null);
      case "authentication_error", "permission_error" ->
          new ModelException(ModelException.AUTH_FAILED, text, false, null);
      case "invalid_request_error", "not_found_error", "request_too_large" ->
          new ModelException(ModelException.REQUEST_INVALID, text, false, null);
      default -> new ModelException(ModelException.PROVIDER_UNAVAILABLE, text, true, null);
    };
  }

  /** An answer that is not what the API sends. */
  static ModelException invalid(String what, Throwable cause) {
    return new ModelException(ModelException.RESPONSE_INVALID, API + " sent " + what, false, cause);
  }
}
