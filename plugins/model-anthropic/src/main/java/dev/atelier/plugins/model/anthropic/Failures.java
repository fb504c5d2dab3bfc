package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.model.ModelException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Turns what went wrong into {@link ModelException}s with the stable codes: the HTTP status of an
 * error answer (with Anthropic's own message and {@code retry-after}), an {@code error} event
 * inside the stream ({@code overloaded_error}, {@code rate_limit_error}...), and network failures.
 */
final class Failures {

  static final String API = "The Anthropic API";
  private static final int MAX_BODY = 16 * 1024;
  private static final int MAX_MESSAGE = 500;

  private Failures() {}

  /** The failure an error answer with {@code status} means (529 is Anthropic's "overloaded"). */
  static ModelException fromStatus(int status, HttpHeaders headers, InputStream body) {
    String message = API + " answered " + status + ": " + providerMessage(read(body));
    Duration retryAfter = retryAfter(headers);
    if (status == 401 || status == 403) {
      return new ModelException(ModelException.AUTH_FAILED, message, false, null);
    }
    if (status == 429) {
      return new ModelException(ModelException.RATE_LIMITED, message, true, retryAfter, null);
    }
    if (status >= 500 || status == 408) {
      return new ModelException(
          ModelException.PROVIDER_UNAVAILABLE, message, true, retryAfter, null);
    }
    return new ModelException(ModelException.REQUEST_INVALID, message, false, null);
  }

  /** The failure of an {@code error} event: its {@code error.type} says which. */
  static ModelException fromStreamError(JsonObject event) {
    JsonObject error = JsonSupport.object(event, "error");
    String type = String.valueOf(JsonSupport.string(error, "type"));
    String message = JsonSupport.string(error, "message");
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

  /** A network failure: timeouts, refused connections, a stream cut short. */
  static ModelException network(IOException e) {
    String what =
        e instanceof HttpTimeoutException
            ? "timed out (" + e.getMessage() + ")"
            : e instanceof ConnectException ? "could not be reached" : "broke off the connection";
    return new ModelException(ModelException.PROVIDER_UNAVAILABLE, API + " " + what, true, e);
  }

  /** An answer that is not what the API sends. */
  static ModelException invalid(String what, Throwable cause) {
    return new ModelException(ModelException.RESPONSE_INVALID, API + " sent " + what, false, cause);
  }

  /** {@code retry-after} as seconds or an HTTP date, when present and readable. */
  static Duration retryAfter(HttpHeaders headers) {
    String value = headers.firstValue("retry-after").map(String::trim).orElse(null);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** The {@code error.message} of an error body, else the body itself, shortened. */
  static String providerMessage(String body) {
    String message = null;
    try {
      JsonValue v = JsonSupport.parse(body);
      if (v instanceof JsonObject o) {
        message = JsonSupport.string(JsonSupport.object(o, "error"), "message");
      }
    } catch (JsonException | IllegalStateException notJson) {
      // not JSON: the text itself
    }
    String text = (message == null ? body : message).replaceAll("\\s+", " ").trim();
    if (text.isEmpty()) {
      return "(no message)";
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
  }

  private static String read(InputStream body) {
    try (InputStream in = body) {
      return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
