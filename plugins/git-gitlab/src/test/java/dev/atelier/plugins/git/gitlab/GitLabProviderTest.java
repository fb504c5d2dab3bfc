package dev.atelier.plugins.git.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.plugin.api.git.GitAccount;
import dev.atelier.plugin.api.git.GitAuthorization;
import dev.atelier.plugin.api.git.GitConnection;
import dev.atelier.plugin.api.git.GitCredentials;
import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.git.GitPullRequest;
import dev.atelier.plugin.api.git.GitPush;
import dev.atelier.plugin.api.git.GitRepository;
import dev.atelier.plugin.api.git.GitRepositoryPage;
import dev.atelier.plugin.api.git.GitToken;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitLab provider against GitLab's REST v4 and OAuth wire formats on loopback. */
class GitLabProviderTest {

  private static WireMockServer gitlab;
  private static GitLabProvider provider;
  private static final GitConnection TOKEN = new GitConnection("glpat-tok", null);

  @BeforeAll
  static void start() {
    gitlab = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    gitlab.start();
    // a self-managed GitLab under a path, with a trailing slash: one setting
    provider =
        new GitLabProvider(
            "http://127.0.0.1:" + gitlab.port() + "/gitlab/", "app-id", "app-secret", "api");
  }

  @AfterAll
  static void stop() {
    gitlab.stop();
  }

  @BeforeEach
  void reset() {
    gitlab.resetAll();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> out = new HashMap<>();
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String project(int id, String path, String visibility) {
    return """
        {"id": %d, "name": "%s", "path_with_namespace": "%s", "default_branch": "main",
         "visibility": "%s", "http_url_to_repo": "https://gitlab.example.com/%s.git",
         "ssh_url_to_repo": "git@gitlab.example.com:%s.git",
         "web_url": "https://gitlab.example.com/%s", "namespace": {"id": 2, "full_path": "grp"}}"""
        .formatted(
            id, path.substring(path.lastIndexOf('/') + 1), path, visibility, path, path, path);
  }

  @Test
  void theAuthorizeUrlCarriesStateAndPkce() {
    String url =
        provider.authorizeUrl(new GitAuthorization("https://atelier/cb", "t1.state", "chal"));
    assertTrue(url.startsWith("http://127.0.0.1:" + gitlab.port() + "/gitlab/oauth/authorize?"));
    Map<String, String> q = form(URI.create(url).getRawQuery());
    assertEquals("app-id", q.get("client_id"));
    assertEquals("https://atelier/cb", q.get("redirect_uri"));
    assertEquals("code", q.get("response_type"));
    assertEquals("api", q.get("scope"));
    assertEquals("t1.state", q.get("state"));
    assertEquals("chal", q.get("code_challenge"));
    assertEquals("S256", q.get("code_challenge_method"));
  }

  @Test
  void aCodeIsExchangedWithItsVerifierAndTheTokenRefreshed() throws Exception {
    gitlab.stubFor(
        post(urlPathEqualTo("/gitlab/oauth/token"))
            .willReturn(
                json(
                    200,
                    "{\"access_token\": \"at-1\", \"token_type\": \"Bearer\", \"expires_in\":"
                        + " 7200, \"refresh_token\": \"rt-1\", \"scope\": \"api\","
                        + " \"created_at\": 1607635748}")));
    Instant before = Instant.now();
    GitToken t = provider.exchangeCode("the-code", "the-verifier", "https://atelier/cb");
    assertEquals("at-1", t.accessToken());
    assertEquals("rt-1", t.refreshToken());
    assertFalse(t.expiresAt().isBefore(before.plus(Duration.ofHours(2))), t.toString());
    LoggedRequest exchange =
        gitlab.findAll(postRequestedFor(urlPathEqualTo("/gitlab/oauth/token"))).getLast();
    Map<String, String> f = form(exchange.getBodyAsString());
    assertEquals("authorization_code", f.get("grant_type"));
    assertEquals("the-code", f.get("code"));
    assertEquals("the-verifier", f.get("code_verifier"));
    assertEquals("https://atelier/cb", f.get("redirect_uri"));
    assertEquals("app-id", f.get("client_id"));
    assertEquals("app-secret", f.get("client_secret"));

    provider.refresh("rt-1");
    Map<String, String> r =
        form(
            gitlab
                .findAll(postRequestedFor(urlPathEqualTo("/gitlab/oauth/token")))
                .getLast()
                .getBodyAsString());
    assertEquals("refresh_token", r.get("grant_type"));
    assertEquals("rt-1", r.get("refresh_token"));
  }

  @Test
  void aRefusedGrantIsAnAuthFailure() {
    gitlab.stubFor(
        post(urlPathEqualTo("/gitlab/oauth/token"))
            .willReturn(
                json(
                    400,
                    "{\"error\": \"invalid_grant\", \"error_description\": \"The provided"
                        + " authorization grant is invalid, expired, revoked.\"}")));
    GitException e = assertThrows(GitException.class, () -> provider.refresh("spent"));
    assertEquals("git_auth_failed", e.code());
  }

  @Test
  void theAccountIsTheTokensUser() throws Exception {
    gitlab.stubFor(
        get(urlEqualTo("/gitlab/api/v4/user"))
            .withHeader("Authorization", equalTo("Bearer glpat-tok"))
            .willReturn(
                json(200, "{\"id\": 42, \"username\": \"ada\", \"name\": \"Ada Lovelace\"}")));
    assertEquals(new GitAccount("42", "ada", "Ada Lovelace"), provider.account(TOKEN));
    assertEquals(new GitCredentials("oauth2", "glpat-tok"), provider.credentials(TOKEN));
  }

  @Test
  void projectsAreSearchedAndPagedOverGitLabsPages() throws Exception {
    List<String> first =
        IntStream.range(0, 100)
            .mapToObj(i -> project(i, "grp/p%03d".formatted(i), "private"))
            .toList();
    gitlab.stubFor(
        get(urlPathEqualTo("/gitlab/api/v4/projects"))
            .withQueryParam("membership", equalTo("true"))
            .withQueryParam("search", equalTo("p"))
            .withQueryParam("per_page", equalTo("100"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                json(200, "[" + String.join(",", first) + "]")
                    .withHeader("X-Next-Page", "2")
                    .withHeader("X-Page", "1")));
    gitlab.stubFor(
        get(urlPathEqualTo("/gitlab/api/v4/projects"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                json(200, "[" + project(100, "grp/sub/p100", "public") + "]")
                    .withHeader("X-Next-Page", "")
                    .withHeader("X-Page", "2")));

    GitRepositoryPage head = provider.repositories(TOKEN, "p", 3, 0);
    assertEquals(
        List.of("grp/p000", "grp/p001", "grp/p002"),
        head.items().stream().map(GitRepository::fullName).toList());
    assertTrue(head.hasMore());
    GitRepository r = head.items().getFirst();
    assertEquals("0", r.id());
    assertTrue(r.isPrivate());
    assertEquals("main", r.defaultBranch());
    assertEquals("https://gitlab.example.com/grp/p000.git", r.cloneUrl());

    // across the page boundary: the last of page 1 and the only one of page 2
    GitRepositoryPage tail = provider.repositories(TOKEN, "p", 10, 99);
    assertEquals(
        List.of("grp/p099", "grp/sub/p100"),
        tail.items().stream().map(GitRepository::fullName).collect(Collectors.toList()));
    assertFalse(tail.hasMore());
    assertFalse(tail.items().get(1).isPrivate());
  }

  @Test
  void aProjectIsReadByItsEncodedPath() throws Exception {
    gitlab.stubFor(
        get(urlEqualTo("/gitlab/api/v4/projects/grp%2Fsub%2Fp100"))
            .willReturn(json(200, project(100, "grp/sub/p100", "internal"))));
    GitRepository r = provider.repository(TOKEN, "grp/sub/p100");
    assertEquals("grp/sub/p100", r.fullName());
    assertTrue(r.isPrivate());
    assertEquals(
        "git_not_found",
        assertThrows(GitException.class, () -> provider.repository(TOKEN, "no-group")).code());
  }

  @Test
  void aMergeRequestIsOpened() throws Exception {
    gitlab.stubFor(
        post(urlEqualTo("/gitlab/api/v4/projects/grp%2Falpha/merge_requests"))
            .withHeader("Authorization", equalTo("Bearer glpat-tok"))
            .withRequestBody(
                equalToJson(
                    "{\"source_branch\": \"atelier/fix\", \"target_branch\": \"main\","
                        + " \"title\": \"Fix\", \"description\": \"why\"}"))
            .willReturn(
                json(
                    201,
                    "{\"id\": 9001, \"iid\": 7, \"project_id\": 3, \"title\": \"Fix\","
                        + " \"state\": \"opened\","
                        + " \"web_url\": \"https://gitlab.example.com/grp/alpha/-/merge_requests/7\"}")));
    GitPullRequest mr =
        provider.openPullRequest(TOKEN, "grp/alpha", "atelier/fix", "main", "Fix", "why");
    assertEquals(
        new GitPullRequest("9001", 7, "https://gitlab.example.com/grp/alpha/-/merge_requests/7"),
        mr);
  }

  @Test
  void errorStatusesBecomeStableCodes() {
    Map<Integer, String> codes =
        Map.of(
            401, "git_auth_failed",
            404, "git_not_found",
            429, "git_rate_limited",
            500, "git_provider_unavailable",
            503, "git_provider_unavailable");
    for (var e : codes.entrySet()) {
      gitlab.stubFor(
          get(urlEqualTo("/gitlab/api/v4/user"))
              .willReturn(json(e.getKey(), "{\"message\": \"" + e.getKey() + "\"}")));
      GitException x = assertThrows(GitException.class, () -> provider.account(TOKEN));
      assertEquals(e.getValue(), x.code(), "HTTP " + e.getKey());
    }
    gitlab.stubFor(
        post(urlEqualTo("/gitlab/api/v4/projects/grp%2Falpha/merge_requests"))
            .willReturn(
                json(
                    409,
                    "{\"message\": [\"Another open merge request already exists for this"
                        + " source branch: !7\"]}")));
    GitException conflict =
        assertThrows(
            GitException.class,
            () -> provider.openPullRequest(TOKEN, "grp/alpha", "a", "main", "t", null));
    assertEquals("git_request_refused", conflict.code());
    assertTrue(conflict.getMessage().contains("Another open merge request"), conflict.getMessage());

    GitLabProvider down = new GitLabProvider("http://127.0.0.1:1", null, null, "api");
    assertFalse(down.oauthConfigured());
    assertEquals(
        "git_provider_unavailable",
        assertThrows(GitException.class, () -> down.account(TOKEN)).code());
  }

  private static final String PUSH =
      """
      {"object_kind": "push", "event_name": "push",
       "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
       "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
       "ref": "refs/heads/main", "checkout_sha": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
       "user_username": "ada", "project_id": 15,
       "project": {"id": 15, "name": "alpha", "path_with_namespace": "grp/alpha",
                   "default_branch": "main"},
       "commits": [], "total_commits_count": 0}""";

  private static Map<String, String> pushHeaders(String token, String event) {
    Map<String, String> h = new HashMap<>();
    h.put("x-gitlab-event", event);
    h.put("x-gitlab-token", token);
    h.put("x-gitlab-event-uuid", "13792a34-cac6-4fda-95a8-c58e00a3954e");
    h.put("x-gitlab-instance", "https://gitlab.example.com");
    return h;
  }

  @Test
  void aPushWithTheSecretTokenIsReadAndAWrongTokenRefused() throws Exception {
    byte[] body = PUSH.getBytes(StandardCharsets.UTF_8);
    GitPush push =
        provider
            .verifyPush(pushHeaders("hook-secret", "Push Hook"), body, "hook-secret")
            .orElseThrow();
    assertEquals(
        new GitPush(
            "13792a34-cac6-4fda-95a8-c58e00a3954e",
            "grp/alpha",
            "main",
            "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"),
        push);

    // newer GitLab versions send an Idempotency-Key that stays the same on retries
    Map<String, String> retried = pushHeaders("hook-secret", "Push Hook");
    retried.put("idempotency-key", "f5a5a5a5-0000-4000-8000-000000000001");
    assertEquals(
        "f5a5a5a5-0000-4000-8000-000000000001",
        provider.verifyPush(retried, body, "hook-secret").orElseThrow().deliveryId());

    for (Map<String, String> wrong :
        List.of(pushHeaders("hook-secreT", "Push Hook"), pushHeaders("", "Push Hook"))) {
      GitException e =
          assertThrows(GitException.class, () -> provider.verifyPush(wrong, body, "hook-secret"));
      assertEquals("bad_signature", e.code());
    }
    Map<String, String> none = pushHeaders("x", "Push Hook");
    none.remove("x-gitlab-token");
    assertEquals(
        "bad_signature",
        assertThrows(GitException.class, () -> provider.verifyPush(none, body, "hook-secret"))
            .code());
  }

  @Test
  void otherEventsAndTagPushesAreNoPush() throws Exception {
    String issue = "{\"object_kind\": \"issue\", \"project\": {\"path_with_namespace\": \"g/a\"}}";
    assertTrue(
        provider
            .verifyPush(pushHeaders("s", "Issue Hook"), issue.getBytes(StandardCharsets.UTF_8), "s")
            .isEmpty());
    String tag =
        PUSH.replace("refs/heads/main", "refs/tags/v1.0").replace("\"push\"", "\"tag_push\"");
    assertTrue(
        provider
            .verifyPush(pushHeaders("s", "Push Hook"), tag.getBytes(StandardCharsets.UTF_8), "s")
            .isEmpty());
    assertNull(
        provider.verifyPush(pushHeaders("s", "Tag Push Hook"), new byte[0], "s").orElse(null));
  }
}
