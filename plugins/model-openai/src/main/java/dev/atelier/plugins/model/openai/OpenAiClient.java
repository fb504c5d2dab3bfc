package dev.atelier.plugins.model.openai;

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
 * The HTTP side of an OpenAI-compatible API: {@code POST {base}/chat/completions} streamed as
 * server-sent events, and {@code GET {base}/models}. One JDK {@code HttpClient} (10 s to connect,
 * no redirects); {@code timeout} bounds the wait for the answer's headers and every silence inside
 * the stream. Holds no tenant state: the endpoint and key come with each call.
 */
final class OpenAiClient {

  /** Where to call and with which key (blank for servers that need none, such as Ollama). */
  record Endpoint(String baseUrl, String apiKey) {

    URI uri(String path) throws ModelException {
      String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      try {
        return URI.create(base + path);
      } catch (IllegalArgumentException e) {
        throw new ModelException(
            ModelException.REQUEST_INVALID, "The base URL is not a valid URL", false, null);
      }
    }

    @Override
    public String toString() {
      return "Endpoint[" + baseUrl + "]";
    }
  }

  private final HttpClient http;
  private final Duration timeout;

  OpenAiClient(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
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
        authorized(endpoint, endpoint.uri("/chat/completions"))
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
          return chat.cancelled();
        }
        if (e.data().strip().equals("[DONE]")) {
          return chat.complete();
        }
        chat.accept(parse(e.data()));
        if (handler.cancelled()) {
          return chat.cancelled();
        }
      }
    } catch (IOException e) {
      throw Failures.network(e);
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
        authorized(endpoint, endpoint.uri("/models"))
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

  private HttpRequest.Builder authorized(Endpoint endpoint, URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    if (endpoint.apiKey() != null && !endpoint.apiKey().isBlank()) {
      b.header("Authorization", "Bearer " + endpoint.apiKey().strip());
    }
    return b;
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
