package dev.atelier.plugins.git.github;

import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.http.JsonValues;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
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
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GitHub's REST API and OAuth endpoints in their wire format, at the bases the operator configures.
 * Errors become {@link GitException}s: 401 {@code git_auth_failed}, 404 {@code git_not_found}, 403
 * or 429 with no rate limit left {@code git_rate_limited}, anything else {@code
 * git_provider_unavailable}.
 */
final class GitHubApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http;
  private final String apiBase;
  private final String oauthBase;

  GitHubApi(String apiBase, String oauthBase) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.apiBase = strip(apiBase);
    this.oauthBase = strip(oauthBase);
  }

  private static String strip(String base) {
    String b = base.strip();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  String oauthBase() {
    return oauthBase;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A GET of {@code path} (with its query) with the token. */
  JsonStructure get(String token, String path) throws GitException {
    return send(api(token, path).GET().build());
  }

  /** A POST of a JSON body to {@code path} with the token. */
  JsonStructure post(String token, String path, JsonObject body) throws GitException {
    return send(
        api(token, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build());
  }

  /** A form POST to the OAuth token endpoint; GitHub answers 200 with an error for a bad code. */
  JsonObject token(Map<String, String> form) throws GitException {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    JsonStructure answer =
        send(
            HttpRequest.newBuilder(URI.create(oauthBase + "/login/oauth/access_token"))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    if (!(answer instanceof JsonObject o)) {
      throw new GitException("git_provider_unavailable", "GitHub sent no token object");
    }
    String error = JsonValues.string(o, "error");
    if (error != null) {
      throw new GitException("git_auth_failed", "GitHub refused the authorization: " + error + ".");
    }
    if (JsonValues.string(o, "access_token") == null) {
      throw new GitException("git_provider_unavailable", "GitHub sent no access token");
    }
    return o;
  }

  private HttpRequest.Builder api(String token, String path) {
    return HttpRequest.newBuilder(URI.create(apiBase + path))
        .timeout(TIMEOUT)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("Authorization", "Bearer " + token);
  }

  private JsonStructure send(HttpRequest request) throws GitException {
    HttpResponse<String> res;
    try {
      res = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GitException(
          "git_provider_unavailable", "GitHub cannot be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("git_provider_unavailable", "Interrupted", e);
    }
    int s = res.statusCode();
    if (s == 401) {
      throw new GitException("git_auth_failed", "GitHub refused the token.");
    }
    if (s == 404) {
      throw new GitException("git_not_found", "GitHub has no such resource, or hides it.");
    }
    if ((s == 403 || s == 429)
        && (s == 429 || "0".equals(res.headers().firstValue("x-ratelimit-remaining").orElse("")))) {
      throw new GitException("git_rate_limited", "GitHub's rate limit is used up.");
    }
    if (s == 403) {
      throw new GitException("git_auth_failed", "GitHub forbids this to the token.");
    }
    if (s == 422) {
      throw new GitException("git_not_found", "GitHub refused the request: " + message(res));
    }
    if (s < 200 || s > 299) {
      throw new GitException("git_provider_unavailable", "GitHub answered HTTP " + s + ".");
    }
    try {
      JsonValue v = JsonValues.parse(res.body());
      if (v instanceof JsonStructure j) {
        return j;
      }
    } catch (JsonException notJson) {
      // below
    }
    throw new GitException("git_provider_unavailable", "GitHub sent no JSON.");
  }

  private static String message(HttpResponse<String> res) {
    try {
      if (JsonValues.parse(res.body()) instanceof JsonObject o) {
        return String.valueOf(JsonValues.string(o, "message"));
      }
    } catch (JsonException notJson) {
      // below
    }
    return "HTTP " + res.statusCode();
  }
}
