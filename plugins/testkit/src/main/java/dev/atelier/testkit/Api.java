package dev.atelier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small HTTP client for black-box tests against {@link AtelierServer}: JSON in and out, an
 * optional credential, and an address of its own (sent as {@code X-Forwarded-For}, which the test
 * server trusts from loopback) so that per-address limits of one test do not touch another.
 *
 * <p>Instances are immutable: the {@code with...} methods return a new client. Paths are absolute
 * ({@code /api/v1/...}); request bodies are any object Jackson writes (a {@code Map} is handy), and
 * a {@code String} body is sent verbatim. Responses come back as {@link Res}, whatever the status.
 *
 * <p>Every response is checked against the server's own OpenAPI document ({@code /openapi.json}):
 * an undocumented status, a body where the document gives none, or a body its schema does not allow
 * fails the calling test (see {@link Contract} for the modes, and {@link #unchecked(String)} for
 * the rare call whose answer the document cannot describe).
 */
public final class Api {

  /** The mapper used for request bodies and {@link Res#json()}. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final HttpClient FOLLOWING =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private final String baseUrl;
  private final String token;
  private final String apiKey;
  private final String address;
  private final Map<String, String> headers;
  private final boolean checked;

  private Api(
      String baseUrl,
      String token,
      String apiKey,
      String address,
      Map<String, String> headers,
      boolean checked) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.apiKey = apiKey;
    this.address = address;
    this.headers = headers;
    this.checked = checked;
  }

  /**
   * An anonymous client of the shared server ({@link AtelierServer}) with an address of its own.
   */
  public static Api anonymous() {
    return new Api(null, null, null, randomAddress(), Map.of(), true);
  }

  /**
   * An anonymous client with an address of its own, of the server at {@code baseUrl} (one started
   * with {@link AtelierServer#launch}) instead of the shared one.
   */
  public static Api at(String baseUrl) {
    return new Api(baseUrl, null, null, randomAddress(), Map.of(), true);
  }

  private static String randomAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "203.0." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
  }

  /** This client, sending {@code Authorization: Bearer token}. */
  public Api withToken(String token) {
    return new Api(baseUrl, token, null, address, headers, checked);
  }

  /** This client, sending {@code X-API-Key: key}. */
  public Api withApiKey(String key) {
    return new Api(baseUrl, null, key, address, headers, checked);
  }

  /** This client with one more header on every request. */
  public Api withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Api(baseUrl, token, apiKey, address, h, checked);
  }

  /** This client, sending {@code address} as its {@code X-Forwarded-For}. */
  public Api withAddress(String address) {
    return new Api(baseUrl, token, apiKey, address, headers, checked);
  }

  /**
   * This client, without checking its responses against the server's OpenAPI document (which it
   * does by default; see {@link Contract}). Only for calls whose answers the document cannot
   * describe, such as those of the servlet container to a request it refuses before the application
   * sees it; {@code why} says which, for the reader of the test.
   */
  public Api unchecked(String why) {
    if (why == null || why.isBlank()) {
      throw new IllegalArgumentException("say why the response is not checked");
    }
    return new Api(baseUrl, token, apiKey, address, headers, false);
  }

  /** The address this client sends as {@code X-Forwarded-For}. */
  public String address() {
    return address;
  }

  /**
   * A response: status, headers and the body (parsed when it is JSON).
   *
   * @param status the HTTP status
   * @param headers the response headers
   * @param text the body as text, empty when there is none
   */
  public record Res(int status, Map<String, List<String>> headers, String text) {

    /** The body as JSON ({@code MissingNode} when empty); fails the test when it is not JSON. */
    public JsonNode json() {
      if (text == null || text.isEmpty()) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("Not JSON (status " + status + "): " + text, e);
      }
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().isEmpty() ? null : e.getValue().get(0);
        }
      }
      return null;
    }

    /** The problem's {@code code}. */
    public String code() {
      return json().path("code").asText(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  /** {@code GET path}. */
  public Res get(String path) {
    return send("GET", path, null, null);
  }

  /** {@code DELETE path}. */
  public Res delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** {@code POST path} with {@code body} as JSON. */
  public Res post(String path, Object body) {
    return send("POST", path, body, "application/json");
  }

  /** {@code PUT path} with {@code body} as JSON. */
  public Res put(String path, Object body) {
    return send("PUT", path, body, "application/json");
  }

  /** {@code PATCH path} with {@code body} as JSON. */
  public Res patch(String path, Object body) {
    return send("PATCH", path, body, "application/json");
  }

  /**
   * A GET that accepts {@code accept} instead of JSON (for pages and assets), following redirects
   * when {@code followRedirects}.
   */
  public Res get(String path, String accept, boolean followRedirects) {
    HttpRequest.Builder b = builder(path, accept).GET();
    return execute(followRedirects ? FOLLOWING : CLIENT, b);
  }

  /**
   * Sends whatever {@code body} publishes (for instance a stream of unknown length, which goes out
   * chunked) on a connection of its own, so that a connection the server closes mid-body is never
   * reused by another test.
   */
  public Res publish(
      String method, String path, HttpRequest.BodyPublisher body, String contentType) {
    HttpRequest.Builder b = builder(path, "application/json, application/problem+json");
    b.header("Content-Type", contentType);
    b.method(method, body);
    return execute(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), b);
  }

  private HttpRequest.Builder builder(String path, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create((baseUrl != null ? baseUrl : AtelierServer.baseUrl()) + path))
            .timeout(Duration.ofSeconds(60))
            .header("X-Forwarded-For", address)
            .header("Accept", accept);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (apiKey != null) {
      b.header("X-API-Key", apiKey);
    }
    headers.forEach(b::header);
    return b;
  }

  private Res execute(HttpClient client, HttpRequest.Builder b) {
    try {
      HttpResponse<String> res = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Res out = new Res(res.statusCode(), res.headers().map(), res.body());
      if (checked) {
        Contract.check(res.request().method(), res.request().uri(), out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code body} (a String verbatim, anything else as JSON; null for none) with {@code
   * contentType}.
   */
  public Res send(String method, String path, Object body, String contentType) {
    HttpRequest.Builder b = builder(path, "application/json, application/problem+json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text;
      try {
        text = body instanceof String s ? s : JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      b.header("Content-Type", contentType);
      b.method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    return execute(CLIENT, b);
  }
}
