package dev.atelier.plugin.api.http;

import dev.atelier.plugin.api.model.ModelException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The HTTP calls of a model provider plugin to its provider's API, and what went wrong with them as
 * {@link ModelException}s with the stable codes: the status of an error answer (with the provider's
 * own message and {@code Retry-After}), an answer that is not what the API sends, and network
 * failures. What is particular to one API (its paths, headers, request bodies, stream events and
 * the errors sent inside a stream) stays in its plugin.
 *
 * <p>One JDK {@code HttpClient} per instance: 10 s to connect, no redirects; {@code timeout} bounds
 * the wait for an answer's headers (and, given to {@link SseReader}, every silence inside a
 * stream). Create one per provider and keep it; it holds no tenant state. For URLs that a tenant
 * chooses, check them with {@link OutboundHttp#check} first.
 *
 * @since 1.1.0
 */
public final class ProviderHttp {

  private static final int MAX_BODY = 16 * 1024;
  private static final int MAX_MESSAGE = 500;

  private final String api;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * Calls to the API called {@code api} in messages ({@code "The Anthropic API"}), each waiting at
   * most {@code timeout} for its answer to start.
   *
   * @since 1.1.0
   */
  public ProviderHttp(String api, Duration timeout) {
    this.api = api;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The API's name, as messages start with it.
   *
   * @since 1.1.0
   */
  public String api() {
    return api;
  }

  /**
   * How long a call waits for its answer to start, and a stream for its next byte.
   *
   * @since 1.1.0
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * {@code path} under {@code baseUrl} (one trailing slash of the base is dropped); a base that
   * makes no valid URI throws {@link ModelException#REQUEST_INVALID}.
   *
   * @since 1.1.0
   */
  public URI uri(String baseUrl, String path) throws ModelException {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      return URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw new ModelException(
          ModelException.REQUEST_INVALID, "The base URL is not a valid URL", false, null);
    }
  }

  /**
   * A request to {@code uri} with this instance's timeout, for the plugin to add its headers and
   * method.
   *
   * @since 1.1.0
   */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout);
  }

  /**
   * Sends {@code request} and returns its answer when the status is 2xx; any other status becomes
   * its {@link ModelException} ({@link #fromStatus}), a network failure {@link #network}, an
   * interruption (the thread's flag set again) {@link ModelException#PROVIDER_UNAVAILABLE}.
   *
   * @since 1.1.0
   */
  public HttpResponse<InputStream> send(HttpRequest request) throws ModelException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw network(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(
          ModelException.PROVIDER_UNAVAILABLE, "Interrupted while calling the API", true, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw fromStatus(response.statusCode(), response.headers(), response.body());
    }
    return response;
  }

  /**
   * The body of {@code response} when it is an event stream ({@code text/event-stream}); else
   * closes it and throws {@link ModelException#RESPONSE_INVALID}.
   *
   * @since 1.1.0
   */
  public InputStream eventStream(HttpResponse<InputStream> response) throws ModelException {
    String type = response.headers().firstValue("content-type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
      closeQuietly(response.body());
      throw invalid("'" + type + "' instead of an event stream", null);
    }
    return response.body();
  }

  /**
   * The whole body of {@code response} as JSON; closes it.
   *
   * @since 1.1.0
   */
  public JsonValue readJson(HttpResponse<InputStream> response) throws ModelException {
    try (InputStream in = response.body()) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw network(e);
    }
  }

  /**
   * {@code json} parsed; text that is not JSON throws {@link ModelException#RESPONSE_INVALID}.
   *
   * @since 1.1.0
   */
  public JsonValue parse(String json) throws ModelException {
    try {
      return JsonValues.parse(json);
    } catch (JsonException e) {
      throw invalid("malformed JSON", e);
    }
  }

  /**
   * The failure an error answer with {@code status} means; reads (at most 16 KiB of) and closes
   * {@code body}. 401 and 403: {@link ModelException#AUTH_FAILED}; 429: {@link
   * ModelException#RATE_LIMITED}, retryable; 408 and 5xx: {@link
   * ModelException#PROVIDER_UNAVAILABLE}, retryable; any other: {@link
   * ModelException#REQUEST_INVALID}. The retryable ones carry {@code Retry-After}.
   *
   * @since 1.1.0
   */
  public ModelException fromStatus(int status, HttpHeaders headers, InputStream body) {
    String message = api + " answered " + status + ": " + errorMessage(read(body));
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

  /**
   * A network failure (a timeout, a refused connection, a stream cut short): {@link
   * ModelException#PROVIDER_UNAVAILABLE}, retryable.
   *
   * @since 1.1.0
   */
  public ModelException network(IOException e) {
    String what =
        e instanceof HttpTimeoutException
            ? "timed out (" + e.getMessage() + ")"
            : e instanceof ConnectException ? "could not be reached" : "broke off the connection";
    return new ModelException(ModelException.PROVIDER_UNAVAILABLE, api + " " + what, true, e);
  }

  /**
   * An answer that is not what the API sends ({@code what} says what came instead): {@link
   * ModelException#RESPONSE_INVALID}.
   *
   * @since 1.1.0
   */
  public ModelException invalid(String what, Throwable cause) {
    return new ModelException(ModelException.RESPONSE_INVALID, api + " sent " + what, false, cause);
  }

  /**
   * {@code Retry-After} of {@code headers} as a duration: seconds, or an HTTP date from now (never
   * negative); null when absent or unreadable.
   *
   * @since 1.1.0
   */
  public static Duration retryAfter(HttpHeaders headers) {
    return retryAfter(headers.firstValue("retry-after").orElse(null), Instant.now());
  }

  /** {@code value} of a {@code Retry-After} header read at {@code now}. */
  static Duration retryAfter(String value, Instant now) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(now, at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /**
   * The provider's message in an error body: {@code error.message}, else {@code error} when it is a
   * string, else {@code message}, else the body itself; white space collapsed, shortened to 500
   * characters, {@code (no message)} when empty.
   *
   * @since 1.1.0
   */
  public static String errorMessage(String body) {
    String message = null;
    try {
      JsonValue v = JsonValues.parse(body);
      if (v instanceof JsonObject o) {
        JsonObject error = JsonValues.object(o, "error");
        message =
            error != null ? JsonValues.string(error, "message") : JsonValues.string(o, "error");
        message = message == null ? JsonValues.string(o, "message") : message;
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

  /**
   * Closes {@code in}, ignoring a failure: nothing more is read from it.
   *
   * @since 1.1.0
   */
  public static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing more to read
    }
  }

  private static String read(InputStream body) {
    try (InputStream in = body) {
      return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
