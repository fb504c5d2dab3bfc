package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.http.SseReader;
import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP side of the Anthropic Messages API: {@code POST {base}/v1/messages} streamed as
 * server-sent events, and {@code GET {base}/v1/models}, with {@code x-api-key} and {@code
 * anthropic-version: 2023-06-01}. One JDK {@code HttpClient} (10 s to connect, no redirects);
 * {@code timeout} bounds the wait for the answer's headers and every silence inside the stream.
 * Holds no tenant state: the key comes with each call.
 */
final class AnthropicClient {

  static final String VERSION = "2023-06-01";

  private final HttpClient http;
  private final String baseUrl;
  private final Duration timeout;
  private final int defaultMaxTokens;

  AnthropicClient(String baseUrl, Duration timeout, int defaultMaxTokens) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.defaultMaxTokens = defaultMaxTokens;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** One streamed message. */
  ModelResponse complete(String apiKey, ModelRequest request, StreamHandler handler)
      throws ModelException {
    MessageStream message = new MessageStream(handler);
    if (handler.cancelled()) {
      return message.cancelled();
    }
    String body;
    try {
      body = MessagesRequests.body(request, defaultMaxTokens);
    } catch (IllegalArgumentException e) {
      throw new ModelException(ModelException.REQUEST_INVALID, e.getMessage(), false, null);
    }
    HttpRequest post =
        authorized(apiKey, "/v1/messages")
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<InputStream> response = send(post);
    String type = response.headers().firstValue("content-type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
      close(response.body());
      throw Failures.invalid("'" + type + "' instead of an event stream", null);
    }
    try (SseReader events = new SseReader(response.body(), timeout)) {
      for (SseReader.Event e = events.next(); e != null; e = events.next()) {
        if (handler.cancelled()) {
          return message.cancelled();
        }
        message.accept(parse(e.data()));
        if (message.stopped()) {
          return message.complete();
        }
        if (handler.cancelled()) {
          return message.cancelled();
        }
      }
    } catch (IOException e) {
      throw Failures.network(e);
    }
    throw new ModelException(
        ModelException.PROVIDER_UNAVAILABLE,
        Failures.API + " ended the stream before message_stop",
        true,
        null);
  }

  /** The ids of the models the key can use, sorted. */
  List<String> models(String apiKey) throws ModelException {
    HttpRequest get =
        authorized(apiKey, "/v1/models?limit=1000")
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response = send(get);
    JsonValue list;
    try (InputStream in = response.body()) {
      list = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw Failures.network(e);
    }
    List<String> ids = new ArrayList<>();
    JsonObject o = list instanceof JsonObject obj ? obj : null;
    for (JsonValue m : JsonSupport.array(o, "data")) {
      String id = m instanceof JsonObject model ? JsonSupport.string(model, "id") : null;
      if (id != null) {
        ids.add(id);
      }
    }
    ids.sort(null);
    return ids;
  }

  private HttpRequest.Builder authorized(String apiKey, String path) throws ModelException {
    URI uri;
    try {
      uri = URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new ModelException(
          ModelException.REQUEST_INVALID, "The base URL is not a valid URL", false, null);
    }
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("x-api-key", apiKey == null ? "" : apiKey.strip())
        .header("anthropic-version", VERSION);
  }

  /** Sends and returns a 2xx answer; any other status becomes its {@link ModelException}. */
  private HttpResponse<InputStream> send(HttpRequest request) throws ModelException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw Failures.network(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(
          ModelException.PROVIDER_UNAVAILABLE, "Interrupted while calling the API", true, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw Failures.fromStatus(response.statusCode(), response.headers(), response.body());
    }
    return response;
  }

  private static JsonValue parse(String json) throws ModelException {
    try {
      return JsonSupport.parse(json);
    } catch (JsonException e) {
      throw Failures.invalid("malformed JSON", e);
    }
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing more to read
    }
  }
}
