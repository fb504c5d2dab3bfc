package dev.atelier.plugins.git.github;

import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.git.GitHostHttp;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * GitHub's REST API and OAuth endpoints in their wire format, at the bases the operator configures.
 * Errors become {@link GitException}s as {@link GitHostHttp#failure} maps them, and a 403 with no
 * rate limit left is {@code git_rate_limited}.
 */
final class GitHubApi {

  private final GitHostHttp http = new GitHostHttp("GitHub");
  private final String apiBase;
  private final String oauthBase;

  GitHubApi(String apiBase, String oauthBase) {
    this.apiBase = GitHostHttp.base(apiBase);
    this.oauthBase = GitHostHttp.base(oauthBase);
  }

  String oauthBase() {
    return oauthBase;
  }

  GitHostHttp http() {
    return http;
  }

  /** A GET of {@code path} (with its query) with the token. */
  JsonStructure get(String token, String path) throws GitException {
    return send(api(token, path).GET().build());
  }

  /** A POST of a JSON body to {@code path} with the token. */
  JsonStructure post(String token, String path, JsonObject body) throws GitException {
    return send(GitHostHttp.post(api(token, path), body));
  }

  /** A form POST to the OAuth token endpoint; GitHub answers 200 with an error for a bad code. */
  JsonObject token(Map<String, String> form) throws GitException {
    return http.token(http.tokenRequest(oauthBase + "/login/oauth/access_token", form).build());
  }

  private HttpRequest.Builder api(String token, String path) {
    return http.bearer(apiBase + path, token)
        .setHeader("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28");
  }

  private JsonStructure send(HttpRequest request) throws GitException {
    HttpResponse<String> res = http.exchange(request);
    if (res.statusCode() == 403
        && "0".equals(res.headers().firstValue("x-ratelimit-remaining").orElse(""))) {
      throw new GitException("git_rate_limited", "GitHub's rate limit is used up.");
    }
    return http.json(res);
  }
}
