package dev.atelier.plugins.git.gitlab;

import static dev.atelier.plugin.api.git.GitHostHttp.encode;
import static dev.atelier.plugin.api.git.GitHostHttp.text;
import static dev.atelier.plugin.api.http.JsonValues.JSON;
import static dev.atelier.plugin.api.http.JsonValues.string;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.git.GitAccount;
import dev.atelier.plugin.api.git.GitAuthorization;
import dev.atelier.plugin.api.git.GitConnection;
import dev.atelier.plugin.api.git.GitCredentials;
import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.git.GitHostHttp;
import dev.atelier.plugin.api.git.GitProvider;
import dev.atelier.plugin.api.git.GitPullRequest;
import dev.atelier.plugin.api.git.GitPush;
import dev.atelier.plugin.api.git.GitRepository;
import dev.atelier.plugin.api.git.GitRepositoryPage;
import dev.atelier.plugin.api.git.GitSignatures;
import dev.atelier.plugin.api.git.GitToken;
import dev.atelier.plugin.api.http.JsonValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The {@code gitlab} git provider: GitLab's REST API v4 and OAuth 2.0 (authorization code with
 * PKCE, refresh tokens; access tokens last two hours). Settings ({@code
 * ATELIER_PLUGIN_GIT_GITLAB_<NAME>}): {@code BASE_URL} (default {@code https://gitlab.com}; a
 * self-managed GitLab's address, the only setting it needs), {@code CLIENT_ID} and {@code
 * CLIENT_SECRET} of a GitLab application (without them, people connect with a personal, project or
 * group access token), {@code SCOPE} (default {@code api}).
 */
@Extension
public class GitLabProvider implements GitProvider {

  /** Projects per page read from GitLab (its maximum). */
  static final int PAGE_SIZE = 100;

  private static final String PUSH_PREFIX = "refs/heads/";

  private final GitHostHttp http = new GitHostHttp("GitLab");
  private final String base;
  private final String clientId;
  private final String clientSecret;
  private final String scope;

  public GitLabProvider(PluginContext context) {
    this(
        context.config().get("base-url", "https://gitlab.com"),
        context.config().get("client-id", null),
        context.config().get("client-secret", null),
        context.config().get("scope", "api"));
  }

  GitLabProvider(String baseUrl, String clientId, String clientSecret, String scope) {
    this.base = GitHostHttp.base(baseUrl);
    this.clientId = GitHostHttp.setting(clientId);
    this.clientSecret = GitHostHttp.setting(clientSecret);
    this.scope = scope;
  }

  @Override
  public String id() {
    return "gitlab";
  }

  @Override
  public String displayName() {
    return "GitLab";
  }

  @Override
  public boolean oauthConfigured() {
    return clientId != null && clientSecret != null;
  }

  @Override
  public String authorizeUrl(GitAuthorization a) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", clientId);
    q.put("redirect_uri", a.redirectUri());
    q.put("response_type", "code");
    q.put("scope", scope);
    q.put("state", a.state());
    q.put("code_challenge", a.codeChallenge());
    q.put("code_challenge_method", "S256");
    return base + "/oauth/authorize?" + GitHostHttp.query(q);
  }

  @Override
  public GitToken exchangeCode(String code, String codeVerifier, String redirectUri)
      throws GitException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("code", code);
    form.put("grant_type", "authorization_code");
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier);
    return token(form);
  }

  @Override
  public GitToken refresh(String refreshToken) throws GitException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("refresh_token", refreshToken);
    form.put("grant_type", "refresh_token");
    return token(form);
  }

  private GitToken token(Map<String, String> form) throws GitException {
    JsonObject answer = http.token(http.tokenRequest(base + "/oauth/token", form).build());
    return GitHostHttp.token(answer, Instant.now());
  }

  @Override
  public GitAccount account(GitConnection c) throws GitException {
    JsonObject u = http.object(http.send(get(c, "/user")));
    return new GitAccount(text(u, "id"), string(u, "username"), string(u, "name"));
  }

  @Override
  public GitRepositoryPage repositories(GitConnection c, String query, int limit, int offset)
      throws GitException {
    return GitHostHttp.window(
        limit,
        offset,
        PAGE_SIZE,
        (page, size) -> {
          Map<String, String> q = new LinkedHashMap<>();
          q.put("membership", "true");
          q.put("order_by", "path");
          q.put("sort", "asc");
          if (query != null) {
            q.put("search", query);
            q.put("search_namespaces", "true");
          }
          q.put("per_page", String.valueOf(size));
          q.put("page", String.valueOf(page));
          HttpResponse<String> answer = http.exchange(get(c, "/projects?" + GitHostHttp.query(q)));
          if (!(http.json(answer) instanceof JsonArray items)) {
            throw new GitException("git_provider_unavailable", "GitLab sent no list of projects.");
          }
          List<GitRepository> repos = new ArrayList<>();
          for (JsonValue v : items) {
            repos.add(repository(http.object(v)));
          }
          String next = answer.headers().firstValue("x-next-page").orElse("").strip();
          return new GitRepositoryPage(repos, !next.isEmpty());
        });
  }

  @Override
  public GitRepository repository(GitConnection c, String fullName) throws GitException {
    return repository(http.object(http.send(get(c, "/projects/" + project(fullName)))));
  }

  /** A project's full path ({@code group/subgroup/name}) as GitLab's URL-encoded project id. */
  private static String project(String fullName) throws GitException {
    if (fullName == null
        || fullName.startsWith("/")
        || fullName.endsWith("/")
        || !fullName.contains("/")
        || fullName.contains("//")) {
      throw new GitException("git_not_found", "A GitLab project is named group/name.");
    }
    return encode(fullName);
  }

  private static GitRepository repository(JsonObject p) {
    return new GitRepository(
        text(p, "id"),
        string(p, "path_with_namespace"),
        string(p, "default_branch"),
        !"public".equals(string(p, "visibility")),
        string(p, "http_url_to_repo"),
        string(p, "web_url"));
  }

  @Override
  public GitCredentials credentials(GitConnection c) {
    return new GitCredentials("oauth2", c.accessToken());
  }

  @Override
  public GitPullRequest openPullRequest(
      GitConnection c, String fullName, String head, String base, String title, String body)
      throws GitException {
    JsonObject mr =
        JSON.createObjectBuilder()
            .add("source_branch", head)
            .add("target_branch", base)
            .add("title", title)
            .add("description", body == null ? "" : body)
            .build();
    JsonStructure answer =
        http.send(
            GitHostHttp.post(api(c, "/projects/" + project(fullName) + "/merge_requests"), mr));
    JsonObject o = http.object(answer);
    return new GitPullRequest(
        text(o, "id"), (int) JsonValues.number(o, "iid", 0), string(o, "web_url"));
  }

  /**
   * GitLab sends the webhook's secret token itself in {@code X-Gitlab-Token}; a push is {@code
   * X-Gitlab-Event: Push Hook}. The delivery id is {@code Idempotency-Key} (the same on every retry
   * of one delivery), else {@code X-Gitlab-Event-UUID}.
   */
  @Override
  public Optional<GitPush> verifyPush(Map<String, String> headers, byte[] body, String secret)
      throws GitException {
    if (!GitSignatures.matches(secret, headers.get("x-gitlab-token"))) {
      throw new GitException("bad_signature", "The X-Gitlab-Token does not match.");
    }
    if (!"Push Hook".equals(headers.get("x-gitlab-event"))) {
      return Optional.empty();
    }
    JsonObject p = GitHostHttp.payload(body);
    String ref = string(p, "ref");
    if (ref == null || !ref.startsWith(PUSH_PREFIX)) {
      return Optional.empty();
    }
    String delivery = headers.get("idempotency-key");
    return Optional.of(
        new GitPush(
            delivery != null ? delivery : headers.get("x-gitlab-event-uuid"),
            string(JsonValues.object(p, "project"), "path_with_namespace"),
            ref.substring(PUSH_PREFIX.length()),
            string(p, "after")));
  }

  private HttpRequest get(GitConnection c, String path) {
    return api(c, path).GET().build();
  }

  private HttpRequest.Builder api(GitConnection c, String path) {
    return http.bearer(base + "/api/v4" + path, c.accessToken());
  }
}
