package dev.atelier.plugins.git.bitbucket;

import static dev.atelier.plugin.api.git.GitHostHttp.encode;
import static dev.atelier.plugin.api.git.GitHostHttp.text;
import static dev.atelier.plugin.api.http.JsonValues.JSON;
import static dev.atelier.plugin.api.http.JsonValues.object;
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
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The {@code bitbucket} git provider: Bitbucket Cloud's REST API 2.0 and OAuth 2.0 (authorization
 * code with {@code state}; the client authenticates with HTTP basic; expiring access tokens and
 * refresh tokens). Settings ({@code ATELIER_PLUGIN_GIT_BITBUCKET_<NAME>}): {@code API_BASE}
 * (default {@code https://api.bitbucket.org}), {@code OAUTH_BASE} (default {@code
 * https://bitbucket.org}), {@code CLIENT_ID} and {@code CLIENT_SECRET} of an OAuth consumer whose
 * callback URL is Atelier's (without them, people connect with a workspace, project or repository
 * access token).
 */
@Extension
public class BitbucketProvider implements GitProvider {

  /** Repositories per page read from Bitbucket (its maximum {@code pagelen}). */
  static final int PAGE_SIZE = 100;

  /** How many pages (workspaces and repositories) are read at most to answer one search. */
  static final int MAX_SCANNED_PAGES = 10;

  private final GitHostHttp http = new GitHostHttp("Bitbucket");
  private final String apiBase;
  private final String oauthBase;
  private final String clientId;
  private final String clientSecret;

  public BitbucketProvider(PluginContext context) {
    this(
        context.config().get("api-base", "https://api.bitbucket.org"),
        context.config().get("oauth-base", "https://bitbucket.org"),
        context.config().get("client-id", null),
        context.config().get("client-secret", null));
  }

  BitbucketProvider(String apiBase, String oauthBase, String clientId, String clientSecret) {
    this.apiBase = GitHostHttp.base(apiBase);
    this.oauthBase = GitHostHttp.base(oauthBase);
    this.clientId = GitHostHttp.setting(clientId);
    this.clientSecret = GitHostHttp.setting(clientSecret);
  }

  @Override
  public String id() {
    return "bitbucket";
  }

  @Override
  public String displayName() {
    return "Bitbucket";
  }

  @Override
  public boolean oauthConfigured() {
    return clientId != null && clientSecret != null;
  }

  /**
   * Bitbucket sends the browser back to the consumer's callback URL, so the redirect URI is not
   * sent; it takes no PKCE challenge (the client secret authenticates the exchange).
   */
  @Override
  public String authorizeUrl(GitAuthorization a) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", clientId);
    q.put("response_type", "code");
    q.put("state", a.state());
    return oauthBase + "/site/oauth2/authorize?" + GitHostHttp.query(q);
  }

  @Override
  public GitToken exchangeCode(String code, String codeVerifier, String redirectUri)
      throws GitException {
    return token(Map.of("grant_type", "authorization_code", "code", code));
  }

  @Override
  public GitToken refresh(String refreshToken) throws GitException {
    return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  private GitToken token(Map<String, String> form) throws GitException {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    JsonObject answer =
        http.token(
            http.tokenRequest(oauthBase + "/site/oauth2/access_token", form)
                .header("Authorization", "Basic " + basic)
                .build());
    return GitHostHttp.token(answer, Instant.now());
  }

  @Override
  public GitAccount account(GitConnection c) throws GitException {
    JsonObject u = http.object(http.send(get(c, "/user")));
    String login = string(u, "username");
    return new GitAccount(
        string(u, "uuid"),
        login != null ? login : string(u, "nickname"),
        string(u, "display_name"));
  }

  /**
   * Bitbucket has no list across workspaces any more (CHANGE-2770): the workspaces of the user
   * ({@code /user/workspaces}), then the repositories of each in turn ({@code
   * /repositories/{workspace}?role=member}, filtered by name on Bitbucket's side), reading at most
   * {@link #MAX_SCANNED_PAGES} pages for one answer.
   */
  @Override
  public GitRepositoryPage repositories(GitConnection c, String query, int limit, int offset)
      throws GitException {
    int want = offset + limit + 1;
    int budget = MAX_SCANNED_PAGES;
    List<GitRepository> matching = new ArrayList<>();
    boolean unread = false;
    List<String> workspaces = new ArrayList<>();
    for (int page = 1; budget > 0; page++, budget--) {
      JsonObject answer = list(c, "/user/workspaces", Map.of(), page);
      for (JsonValue v : JsonValues.array(answer, "values")) {
        String slug = v instanceof JsonObject a ? string(object(a, "workspace"), "slug") : null;
        if (slug != null) {
          workspaces.add(slug);
        }
      }
      if (string(answer, "next") == null) {
        break;
      }
    }
    Map<String, String> filter = new LinkedHashMap<>();
    filter.put("role", "member");
    filter.put("sort", "full_name");
    if (query != null) {
      filter.put("q", "name ~ \"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    for (String ws : workspaces) {
      boolean next = true;
      for (int page = 1; next && matching.size() < want; page++) {
        if (budget-- <= 0) {
          unread = true;
          break;
        }
        JsonObject answer = list(c, "/repositories/" + encode(ws), filter, page);
        for (JsonValue v : JsonValues.array(answer, "values")) {
          matching.add(repository(http.object(v)));
        }
        next = string(answer, "next") != null;
      }
      if (matching.size() >= want || unread) {
        break;
      }
    }
    int from = Math.min(offset, matching.size());
    int to = Math.min(offset + limit, matching.size());
    return new GitRepositoryPage(matching.subList(from, to), unread || matching.size() > to);
  }

  /** One page of {@code PAGE_SIZE} of a paginated collection. */
  private JsonObject list(GitConnection c, String path, Map<String, String> params, int page)
      throws GitException {
    Map<String, String> q = new LinkedHashMap<>(params);
    q.put("pagelen", String.valueOf(PAGE_SIZE));
    q.put("page", String.valueOf(page));
    return http.object(http.send(get(c, path + "?" + GitHostHttp.query(q))));
  }

  @Override
  public GitRepository repository(GitConnection c, String fullName) throws GitException {
    return repository(http.object(http.send(get(c, "/repositories/" + path(fullName)))));
  }

  /** {@code workspace/slug} as two path segments. */
  private static String path(String fullName) throws GitException {
    int slash = fullName == null ? -1 : fullName.indexOf('/');
    if (slash <= 0 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
      throw new GitException("git_not_found", "A Bitbucket repository is named workspace/slug.");
    }
    return encode(fullName.substring(0, slash)) + "/" + encode(fullName.substring(slash + 1));
  }

  private static GitRepository repository(JsonObject r) {
    JsonObject links = object(r, "links");
    String clone = null;
    for (JsonValue v : JsonValues.array(links, "clone")) {
      if (v instanceof JsonObject l && "https".equals(string(l, "name"))) {
        clone = withoutUser(string(l, "href"));
      }
    }
    return new GitRepository(
        string(r, "uuid"),
        string(r, "full_name"),
        string(object(r, "mainbranch"), "name"),
        r.getBoolean("is_private", true),
        clone,
        string(object(links, "html"), "href"));
  }

  /** Bitbucket's clone links carry the user name ({@code https://ada@bitbucket.org/…}). */
  static String withoutUser(String href) {
    if (href == null) {
      return null;
    }
    try {
      URI u = new URI(href);
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      return href;
    }
  }

  @Override
  public GitCredentials credentials(GitConnection c) {
    return new GitCredentials("x-token-auth", c.accessToken());
  }

  @Override
  public GitPullRequest openPullRequest(
      GitConnection c, String fullName, String head, String base, String title, String body)
      throws GitException {
    JsonObject pr =
        JSON.createObjectBuilder()
            .add("title", title)
            .add("description", body == null ? "" : body)
            .add("source", branch(head))
            .add("destination", branch(base))
            .build();
    JsonObject o =
        http.object(
            http.send(
                GitHostHttp.post(api(c, "/repositories/" + path(fullName) + "/pullrequests"), pr)));
    return new GitPullRequest(
        text(o, "id"),
        (int) JsonValues.number(o, "id", 0),
        string(object(object(o, "links"), "html"), "href"));
  }

  private static JsonObject branch(String name) {
    return JSON.createObjectBuilder()
        .add("branch", JSON.createObjectBuilder().add("name", name))
        .build();
  }

  /**
   * Bitbucket signs a webhook with a secret in {@code X-Hub-Signature} ({@code sha256=} and the hex
   * HMAC-SHA256 of the body); a push is {@code X-Event-Key: repo:push}, read from its first change
   * to a branch (a deleted branch or a tag is no push); the delivery id is {@code X-Request-UUID}.
   */
  @Override
  public Optional<GitPush> verifyPush(Map<String, String> headers, byte[] body, String secret)
      throws GitException {
    if (!GitSignatures.validSha256(secret, body, headers.get("x-hub-signature"))) {
      throw new GitException("bad_signature", "The X-Hub-Signature does not match.");
    }
    if (!"repo:push".equals(headers.get("x-event-key"))) {
      return Optional.empty();
    }
    JsonObject p = GitHostHttp.payload(body);
    for (JsonValue v : JsonValues.array(object(p, "push"), "changes")) {
      JsonObject now = v instanceof JsonObject change ? object(change, "new") : null;
      if (now != null && "branch".equals(string(now, "type"))) {
        return Optional.of(
            new GitPush(
                headers.get("x-request-uuid"),
                string(object(p, "repository"), "full_name"),
                string(now, "name"),
                string(object(now, "target"), "hash")));
      }
    }
    return Optional.empty();
  }

  private HttpRequest get(GitConnection c, String path) {
    return api(c, path).GET().build();
  }

  private HttpRequest.Builder api(GitConnection c, String path) {
    return http.bearer(apiBase + "/2.0" + path, c.accessToken());
  }
}
