package dev.atelier.plugins.model.openai;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.model.ModelException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What went wrong in a way particular to OpenAI-compatible APIs, as {@link ModelException}s with
 * the stable codes: an error object inside the stream, and chunks that are not what the API sends.
 * Error answers and network failures are {@link dev.atelier.plugin.api.http.ProviderHttp}'s.
 */
final class Failures {

  static final String API = "The OpenAI-compatible API";

  private Failures() {}

  /** The failure of an {@code error} object the API sent inside the stream. */
  static ModelException fromStreamError(JsonValue error) {
    JsonObject e = error instanceof JsonObject o ? o : null;
    String message = JsonValues.string(e, "message");
    String type = JsonValues.string(e, "type") + " " + JsonValues.string(e, "code");
    String text = API + " failed in the stream: " + (message == null ? type : message);
    if (type.contains("rate_limit")) {
      return new ModelException(ModelException.RATE_LIMITED, text, true, null);
    }
    if (type.contains("invalid_request")) {
      return new ModelException(ModelException.REQUEST_INVALID, text, false, null);
    }
    return new ModelException(ModelException.PROVIDER_UNAVAILABLE, text, true, null);
  }

  /** An answer that is not what the API sends. */
  static ModelException invalid(String what, Throwable cause) {
    return new ModelException(ModelException.RESPONSE_INVALID, API + " sent " + what, false, cause);
  }
}
