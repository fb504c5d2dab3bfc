package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.http.ProviderHttp;
import dev.atelier.plugin.api.http.SseReader;
import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP side of the Anthropic Messages API: {@code POST {base}/v1/messages} streamed as
 * server-sent events, and {@code GET {base}/v1/models}, with {@code x-api-key} and {@code
 * anthropic-version: 2023-06-01}, sent and checked by plugin-api's {@link ProviderHttp}; {@code
 * timeout} bounds the wait for the answer's headers and every silence inside the stream. Holds no
 * tenant state: the key comes with each call.
 */
final class AnthropicClient {

  static final String VERSION = "2023-06-01";

  private final ProviderHttp http;
  private final String baseUrl;
  private final int defaultMaxTokens;

  AnthropicClient(String baseUrl, Duration timeout, int defaultMaxTokens) {
    this.http = new ProviderHttp(Failures.API, timeout);
    this.baseUrl = baseUrl;
    this.defaultMaxTokens = defaultMaxTokens;
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
    InputStream stream = http.eventStream(http.send(post));
    try (SseReader events = new SseReader(stream, http.timeout())) {
      for (SseReader.Event e = events.next(); e != null; e = events.next()) {
        if (handler.cancelled()) {
          return message.cancelled();
        }
        message.accept(http.parse(e.data()));
        if (message.stopped()) {
          return message.complete();
        }
        if (handler.cancelled()) {
          return message.cancelled();
        }
      }
    } catch (IOException e) {
      throw http.network(e);
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
    JsonValue list = http.readJson(http.send(get));
    List<String> ids = new ArrayList<>();
    JsonObject o = list instanceof JsonObject obj ? obj : null;
    for (JsonValue m : JsonValues.array(o, "data")) {
      String id = m instanceof JsonObject model ? JsonValues.string(model, "id") : null;
      if (id != null) {
        ids.add(id);
      }
    }
    ids.sort(null);
    return ids;
  }

  private HttpRequest.Builder authorized(String apiKey, String path) throws ModelException {
    return http.request(http.uri(baseUrl, path))
        .header("x-api-key", apiKey == null ? "" : apiKey.strip())
        .header("anthropic-version", VERSION);
  }
}
