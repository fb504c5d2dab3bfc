package dev.atelier.plugins.model.openai;

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
 * The HTTP side of an OpenAI-compatible API: {@code POST {base}/chat/completions} streamed as
 * server-sent events, and {@code GET {base}/models}, sent and checked by plugin-api's {@link
 * ProviderHttp}; {@code timeout} bounds the wait for the answer's headers and every silence inside
 * the stream. Holds no tenant state: the endpoint and key come with each call.
 */
final class OpenAiClient {

  /** Where to call and with which key (blank for servers that need none, such as Ollama). */
  record Endpoint(String baseUrl, String apiKey) {

    @Override
    public String toString() {
      return "Endpoint[" + baseUrl + "]";
    }
  }

  private final ProviderHttp http;

  OpenAiClient(Duration timeout) {
    this.http = new ProviderHttp(Failures.API, timeout);
  }

  /** One streamed chat completion. */
  ModelResponse complete(Endpoint endpoint, ModelRequest request, StreamHandler handler)
      throws ModelException {
    ChatStream chat = new ChatStream(handler);
    if (handler.cancelled()) {
      return chat.cancelled();
    }
    String body;
    try {
      body = ChatRequests.body(request);
    } catch (IllegalArgumentException e) {
      throw new ModelException(ModelException.REQUEST_INVALID, e.getMessage(), false, null);
    }
    HttpRequest post =
        authorized(endpoint, "/chat/completions")
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    InputStream stream = http.eventStream(http.send(post));
    try (SseReader events = new SseReader(stream, http.timeout())) {
      for (SseReader.Event e = events.next(); e != null; e = events.next()) {
        if (handler.cancelled()) {
          return chat.cancelled();
        }
        if (e.data().strip().equals("[DONE]")) {
          return chat.complete();
        }
        chat.accept(http.parse(e.data()));
        if (handler.cancelled()) {
          return chat.cancelled();
        }
      }
    } catch (IOException e) {
      throw http.network(e);
    }
    if (chat.finished()) {
      return chat.complete(); // a server that ends the stream without [DONE]
    }
    throw new ModelException(
        ModelException.PROVIDER_UNAVAILABLE,
        Failures.API + " ended the stream before the answer was complete",
        true,
        null);
  }

  /** The ids of the models the key can use, sorted. */
  List<String> models(Endpoint endpoint) throws ModelException {
    HttpRequest get =
        authorized(endpoint, "/models").header("Accept", "application/json").GET().build();
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

  private HttpRequest.Builder authorized(Endpoint endpoint, String path) throws ModelException {
    HttpRequest.Builder b = http.request(http.uri(endpoint.baseUrl(), path));
    if (endpoint.apiKey() != null && !endpoint.apiKey().isBlank()) {
      b.header("Authorization", "Bearer " + endpoint.apiKey().strip());
    }
    return b;
  }
}
