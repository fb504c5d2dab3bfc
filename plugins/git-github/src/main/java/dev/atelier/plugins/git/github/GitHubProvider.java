package dev.atelier.plugins.git.github;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The {@code github} git provider. Settings ({@code ATELIER_PLUGIN_GIT_GITHUB_<NAME>}): {@code
 * API_BASE} (default {@code https://api.github.com}; {@code https://<host>/api/v3} for GitHub
 * Enterprise Server), {@code OAUTH_BASE} (default {@code https://github.com}), {@code CLIENT_ID}
 * and {@code CLIENT_SECRET} of a GitHub App or OAuth app (without them, people connect with a
 * token), {@code SCOPE} (default {@code repo}).
 */
@Extension
public class GitHubProvider implements GitProvider {

  /** How many repositories are read at most to answer one search (10 pages of 100). */
  static final int MAX_SCANNED_PAGES = 10;

  private final GitHubApi api;
  private final String clientId;
  private final String clientSecret;
  private final String scope;

  public GitHubProvider(PluginContext context) {
    this(
        context.config().get("api-base", "https://api.github.com"),
        context.config().get("oauth-base", "https://github.com"),
        context.config().get("client-id", null),
        context.config().get("client-secret", null),
        context.config().get("scope", "repo"));
  }

  GitHubProvider(
      String apiBase, String oauthBase, String clientId, String clientSecret, String scope) {
    this.api = new GitHubApi(apiBase, oauthBase);
    this.clientId = GitHostHttp.setting(clientId);
    this.clientSecret = GitHostHttp.setting(clientSecret);
    this.scope = scope;
  }

  @Override
  public String id() {
    return "github";
  }

  @Override
  public String displayName() {
    return "GitHub";
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
    q.put("scope", scope);
    q.put("state", a.state());
    q.put("code_challenge", a.codeChallenge());
    q.put("code_challenge_method", "S256");
    return api.oauthBase() + "/login/oauth/authorize?" + GitHostHttp.query(q);
  }

  @Override
  public GitToken exchangeCode(String code, String codeVerifier, String redirectUri)
      throws GitException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier);
    return token(api.token(form));
  }

  @Override
  public GitToken refresh(String refreshToken) throws GitException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    return token(api.token(form));
  }

  private static GitToken token(JsonObject o) {
    return GitHostHttp.token(o, Instant.now());
  }

  @Override
  public GitAccount account(GitConnection c) throws GitException {
    JsonObject u = object(api.get(c.accessToken(), "/user"));
    return new GitAccount(text(u, "id"), string(u, "login"), string(u, "name"));
  }

  @Override
  public GitRepositoryPage repositories(GitConnection c, String query, int limit, int offset)
      throws GitException {
    String q = query == null ? null : query.toLowerCase(Locale.ROOT);
    List<GitRepository> matching = new ArrayList<>();
    int want = offset + limit + 1;
    for (int page = 1; page <= MAX_SCANNED_PAGES && matching.size() < want; page++) {
      JsonStructure answer =
          api.get(c.accessToken(), "/user/repos?sort=full_name&per_page=100&page=" + page);
      if (!(answer instanceof JsonArray items)) {
        throw new GitException("git_provider_unavailable", "GitHub sent no list of repositories");
      }
      for (JsonValue v : items) {
        GitRepository r = repository(object(v));
        if (q == null || r.fullName().toLowerCase(Locale.ROOT).contains(q)) {
          matching.add(r);
        }
      }
      if (items.size() < 100) {
        break;
      }
    }
    int from = Math.min(offset, matching.size());
    int to = Math.min(offset + limit, matching.size());
    return new GitRepositoryPage(matching.subList(from, to), matching.size() > to);
  }

  @Override
  public GitRepository repository(GitConnection c, String fullName) throws GitException {
    return repository(object(api.get(c.accessToken(), "/repos/" + path(fullName))));
  }

  private static String path(String fullName) throws GitException {
    int slash = fullName == null ? -1 : fullName.indexOf('/');
    if (slash <= 0 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
      throw new GitException("git_not_found", "A repository is named owner/name.");
    }
    return GitHostHttp.encode(fullName.substring(0, slash))
        + "/"
        + GitHostHttp.encode(fullName.substring(slash + 1));
  }

  private static GitRepository repository(JsonObject r) {
    return new GitRepository(
        text(r, "id"),
        string(r, "full_name"),
        string(r, "default_branch"),
        r.getBoolean("private", false),
        string(r, "clone_url"),
        string(r, "html_url"));
  }

  @Override
  public GitCredentials credentials(GitConnection c) {
    return new GitCredentials("x-access-token", c.accessToken());
  }

  @Override
  public GitPullRequest openPullRequest(
      GitConnection c, String fullName, String head, String base, String title, String body)
      throws GitException {
    JsonObject pr =
        object(
            api.post(
                c.accessToken(),
                "/repos/" + path(fullName) + "/pulls",
                JSON.createObjectBuilder()
                    .add("title", title)
                    .add("head", head)
                    .add("base", base)
                    .add("body", body == null ? "" : body)
                    .build()));
    return new GitPullRequest(
        text(pr, "id"), (int) JsonValues.number(pr, "number", 0), string(pr, "html_url"));
  }

  @Override
  public Optional<GitPush> verifyPush(Map<String, String> headers, byte[] body, String secret)
      throws GitException {
    if (!GitSignatures.validSha256(secret, body, headers.get("x-hub-signature-256"))) {
      throw new GitException("bad_signature", "The X-Hub-Signature-256 does not match.");
    }
    if (!"push".equals(headers.get("x-github-event"))) {
      return Optional.empty();
    }
    JsonObject p = GitHostHttp.payload(body);
    String ref = string(p, "ref");
    if (ref == null || !ref.startsWith("refs/heads/")) {
      return Optional.empty();
    }
    return Optional.of(
        new GitPush(
            headers.get("x-github-delivery"),
            string(JsonValues.object(p, "repository"), "full_name"),
            ref.substring("refs/heads/".length()),
            string(p, "after")));
  }

  private JsonObject object(JsonValue v) throws GitException {
    return api.http().object(v);
  }
}
