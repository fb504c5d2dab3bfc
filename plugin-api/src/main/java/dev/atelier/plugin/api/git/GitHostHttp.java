package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.http.ProviderHttp;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP calls of a git provider plugin to its host, and what the three hosts share: one JDK
 * {@code HttpClient} (10 s to connect, 20 s for an answer, no redirects), query strings and forms,
 * the OAuth token endpoint (a refused code or refresh token is {@code git_auth_failed}, whether the
 * host says so with 200, 400 or 401), the standard token answer, error statuses as {@link
 * GitException} codes and a window of {@code limit} repositories from {@code offset} over a host's
 * numbered pages. What is particular to one host (paths, headers, JSON shapes) stays in its plugin.
 *
 * <p>The base URLs are the operator's settings, not a tenant's, so calls do not go through {@link
 * dev.atelier.plugin.api.http.OutboundHttp}.
 *
 * @since 1.1.0
 */
@Incubating
public final class GitHostHttp {

  /** How long a call waits for its answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** The most pages {@link #window} reads for one answer. */
  static final int MAX_WINDOW_PAGES = 3;

  private final String host;
  private final HttpClient http;

  /**
   * Calls to the host called {@code host} in messages ({@code "GitLab"}).
   *
   * @since 1.1.0
   */
  public GitHostHttp(String host) {
    this.host = host;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * {@code url} stripped, without a trailing slash.
   *
   * @since 1.1.0
   */
  public static String base(String url) {
    String b = url.strip();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  /**
   * {@code s} encoded for a query string, a form or one path segment ({@code /} too).
   *
   * @since 1.1.0
   */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * {@code params} as {@code a=1&b=2}, in their order, encoded; null values are left out.
   *
   * @since 1.1.0
   */
  public static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  /**
   * A request to {@code url} with the timeout, for the plugin to add its headers and method.
   *
   * @since 1.1.0
   */
  public HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
  }

  /**
   * A request to {@code url} with the timeout, asking for JSON with the connection's {@code token}
   * as a bearer token.
   *
   * @since 1.1.0
   */
  public HttpRequest.Builder bearer(String url, String token) {
    return request(url)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  /**
   * {@code request} made a POST of the JSON {@code body}.
   *
   * @since 1.1.0
   */
  public static HttpRequest post(HttpRequest.Builder request, JsonObject body) {
    return request
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
        .build();
  }

  /**
   * A form POST of {@code form} to the OAuth token endpoint {@code url}, asking for JSON.
   *
   * @since 1.1.0
   */
  public HttpRequest.Builder tokenRequest(String url, Map<String, String> form) {
    return request(url)
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(query(form), StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code request} and returns the answer whatever its status; a network failure or an
   * interruption (the thread's flag set again) is {@code git_provider_unavailable}.
   *
   * @since 1.1.0
   */
  public HttpResponse<String> exchange(HttpRequest request) throws GitException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GitException(
          "git_provider_unavailable", host + " cannot be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("git_provider_unavailable", "Interrupted", e);
    }
  }

  /**
   * Sends {@code request} and answers its JSON body ({@link #json}).
   *
   * @since 1.1.0
   */
  public JsonStructure send(HttpRequest request) throws GitException {
    return json(exchange(request));
  }

  /**
   * The JSON body of a 2xx {@code answer}; another status is its {@link #failure}, a body that is
   * not JSON {@code git_provider_unavailable}.
   *
   * @since 1.1.0
   */
  public JsonStructure json(HttpResponse<String> answer) throws GitException {
    if (answer.statusCode() / 100 != 2) {
      throw failure(answer);
    }
    try {
      if (JsonValues.parse(answer.body()) instanceof JsonStructure j) {
        return j;
      }
    } catch (JsonException notJson) {
      // below
    }
    throw new GitException("git_provider_unavailable", host + " sent no JSON.");
  }

  /**
   * What an error answer means: 401 and 403 {@code git_auth_failed}, 404 {@code git_not_found}, 429
   * {@code git_rate_limited}, 400, 409 and 422 (the host refused what was asked, such as a pull
   * request of a branch it does not have or one that is open already) {@code git_request_refused}
   * with the host's message, anything else {@code git_provider_unavailable}.
   *
   * @since 1.1.0
   */
  public GitException failure(HttpResponse<String> answer) {
    int s = answer.statusCode();
    return switch (s) {
      case 401 -> new GitException("git_auth_failed", host + " refused the token.");
      case 403 -> new GitException("git_auth_failed", host + " forbids this to the token.");
      case 404 -> new GitException("git_not_found", host + " has no such resource, or hides it.");
      case 429 -> new GitException("git_rate_limited", host + "'s rate limit is used up.");
      case 400, 409, 422 ->
          new GitException(
              "git_request_refused",
              host + " refused the request: " + ProviderHttp.errorMessage(answer.body()));
      default -> new GitException("git_provider_unavailable", host + " answered HTTP " + s + ".");
    };
  }

  /**
   * Sends a request to the OAuth token endpoint and answers the token object: an OAuth {@code
   * error} in a 200, 400 or 401 answer (a code or refresh token the host refuses, a client it does
   * not know) is {@code git_auth_failed}; an answer without {@code access_token} {@code
   * git_provider_unavailable}.
   *
   * @since 1.1.0
   */
  public JsonObject token(HttpRequest request) throws GitException {
    HttpResponse<String> answer = exchange(request);
    int s = answer.statusCode();
    JsonObject o = null;
    try {
      if (JsonValues.parse(answer.body()) instanceof JsonObject obj) {
        o = obj;
      }
    } catch (JsonException notJson) {
      // o stays null
    }
    String error = JsonValues.string(o, "error");
    if (error != null && (s == 200 || s == 400 || s == 401)) {
      throw new GitException(
          "git_auth_failed", host + " refused the authorization: " + error + ".");
    }
    if (s / 100 != 2) {
      throw failure(answer);
    }
    if (JsonValues.string(o, "access_token") == null) {
      throw new GitException("git_provider_unavailable", host + " sent no access token.");
    }
    return o;
  }

  /**
   * The tokens of a standard OAuth token answer ({@code access_token}, {@code refresh_token},
   * {@code expires_in} seconds from {@code now}).
   *
   * @since 1.1.0
   */
  public static GitToken token(JsonObject answer, Instant now) {
    long expiresIn = JsonValues.number(answer, "expires_in", 0);
    return new GitToken(
        JsonValues.string(answer, "access_token"),
        JsonValues.string(answer, "refresh_token"),
        expiresIn > 0 ? now.plusSeconds(expiresIn) : null);
  }

  /**
   * The JSON object a push webhook delivered, read after its signature was checked; a body that is
   * not one is {@code bad_signature} (nobody who holds the secret sends it).
   *
   * @since 1.1.0
   */
  public static JsonObject payload(byte[] body) throws GitException {
    try {
      if (JsonValues.parse(new String(body, StandardCharsets.UTF_8)) instanceof JsonObject o) {
        return o;
      }
    } catch (JsonException notJson) {
      // below
    }
    throw new GitException("bad_signature", "The delivery is not a JSON object.");
  }

  /**
   * A setting's value stripped, or null when it is unset or blank.
   *
   * @since 1.1.0
   */
  public static String setting(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * {@code v} when it is an object; else {@code git_provider_unavailable}.
   *
   * @since 1.1.0
   */
  public JsonObject object(JsonValue v) throws GitException {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new GitException("git_provider_unavailable", host + " sent no object.");
  }

  /**
   * Member {@code name} of {@code o} as text: a string as it is, a number as its digits, else null
   * (ids are numbers on some hosts).
   *
   * @since 1.1.0
   */
  public static String text(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return v instanceof JsonString s ? s.getString() : v.toString();
  }

  /**
   * Reads one numbered page (from 1) of {@code size} repositories of a host.
   *
   * @since 1.1.0
   */
  @FunctionalInterface
  public interface PageReader {

    /** The repositories of page {@code page}, and whether the host has a page after it. */
    GitRepositoryPage read(int page, int size) throws GitException;
  }

  /**
   * {@code limit} repositories from {@code offset} (limit at most {@code size}), read from the
   * host's pages of {@code size}: the page holding {@code offset} and the next as needed.
   *
   * @since 1.1.0
   */
  public static GitRepositoryPage window(int limit, int offset, int size, PageReader reader)
      throws GitException {
    List<GitRepository> items = new ArrayList<>();
    int skip = offset % size;
    int page = offset / size + 1;
    for (int read = 0; read < MAX_WINDOW_PAGES; read++, page++) {
      GitRepositoryPage p = reader.read(page, size);
      List<GitRepository> got = p.items();
      items.addAll(got.subList(Math.min(skip, got.size()), got.size()));
      skip = 0;
      if (items.size() > limit) {
        return new GitRepositoryPage(items.subList(0, limit), true);
      }
      if (!p.hasMore() || got.isEmpty() || items.size() == limit) {
        return new GitRepositoryPage(items, p.hasMore() && !got.isEmpty());
      }
    }
    return new GitRepositoryPage(items, true);
  }
}
