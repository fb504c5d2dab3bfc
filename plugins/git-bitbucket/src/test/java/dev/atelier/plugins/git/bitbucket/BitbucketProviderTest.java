package dev.atelier.plugins.git.bitbucket;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Bitbucket provider against Bitbucket Cloud's REST 2.0 and OAuth wire formats on loopback. */
class BitbucketProviderTest {

  private static WireMockServer bitbucket;
  private static BitbucketProvider provider;
  private static final GitConnection TOKEN = new GitConnection("bb-tok", null);

  @BeforeAll
  static void start() {
    bitbucket = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    bitbucket.start();
    String base = "http://127.0.0.1:" + bitbucket.port();
    provider =
        new BitbucketProvider(base + "/api", base + "/site", "consumer-key", "consumer-secret");
  }

  @AfterAll
  static void stop() {
    bitbucket.stop();
  }

  @BeforeEach
  void reset() {
    bitbucket.resetAll();
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

  private static String repo(String fullName, boolean isPrivate) {
    return """
        {"type": "repository", "uuid": "{%s}", "full_name": "%s", "name": "%s",
         "is_private": %s, "mainbranch": {"type": "branch", "name": "main"}, "scm": "git",
         "links": {"html": {"href": "https://bitbucket.org/%s"},
                   "clone": [{"name": "https", "href": "https://ada@bitbucket.org/%s.git"},
                             {"name": "ssh", "href": "git@bitbucket.org:%s.git"}]}}"""
        .formatted(
            Integer.toHexString(fullName.hashCode()),
            fullName,
            fullName.substring(fullName.indexOf('/') + 1),
            isPrivate,
            fullName,
            fullName,
            fullName);
  }

  @Test
  void theAuthorizeUrlCarriesTheState() {
    String url =
        provider.authorizeUrl(new GitAuthorization("https://atelier/cb", "t1.state", "chal"));
    assertTrue(
        url.startsWith("http://127.0.0.1:" + bitbucket.port() + "/site/site/oauth2/authorize?"),
        url);
    Map<String, String> q = form(URI.create(url).getRawQuery());
    assertEquals("consumer-key", q.get("client_id"));
    assertEquals("code", q.get("response_type"));
    assertEquals("t1.state", q.get("state"));
  }

  @Test
  void aCodeIsExchangedWithBasicClientCredentialsAndRefreshed() throws Exception {
    bitbucket.stubFor(
        post(urlEqualTo("/site/site/oauth2/access_token"))
            .withBasicAuth("consumer-key", "consumer-secret")
            .willReturn(
                json(
                    200,
                    "{\"access_token\": \"at-1\", \"scopes\": \"repository pullrequest:write\","
                        + " \"expires_in\": 7200, \"refresh_token\": \"rt-1\","
                        + " \"token_type\": \"bearer\", \"state\": \"authorization_code\"}")));
    Instant before = Instant.now();
    GitToken t = provider.exchangeCode("the-code", "unused", "https://atelier/cb");
    assertEquals("at-1", t.accessToken());
    assertEquals("rt-1", t.refreshToken());
    assertFalse(t.expiresAt().isBefore(before.plus(Duration.ofHours(2))));
    LoggedRequest exchange =
        bitbucket.findAll(postRequestedFor(urlEqualTo("/site/site/oauth2/access_token"))).getLast();
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString("consumer-key:consumer-secret".getBytes(StandardCharsets.UTF_8)),
        exchange.getHeader("Authorization"));
    Map<String, String> f = form(exchange.getBodyAsString());
    assertEquals("authorization_code", f.get("grant_type"));
    assertEquals("the-code", f.get("code"));

    provider.refresh("rt-1");
    Map<String, String> r =
        form(
            bitbucket
                .findAll(postRequestedFor(urlEqualTo("/site/site/oauth2/access_token")))
                .getLast()
                .getBodyAsString());
    assertEquals("refresh_token", r.get("grant_type"));
    assertEquals("rt-1", r.get("refresh_token"));
  }

  @Test
  void aRefusedGrantIsAnAuthFailure() {
    bitbucket.stubFor(
        post(urlEqualTo("/site/site/oauth2/access_token"))
            .willReturn(
                json(
                    400,
                    "{\"error_description\": \"Invalid refresh_token\","
                        + " \"error\": \"invalid_grant\"}")));
    assertEquals(
        "git_auth_failed",
        assertThrows(GitException.class, () -> provider.refresh("spent")).code());
  }

  @Test
  void theAccountIsTheTokensUser() throws Exception {
    bitbucket.stubFor(
        get(urlEqualTo("/api/2.0/user"))
            .withHeader("Authorization", equalTo("Bearer bb-tok"))
            .willReturn(
                json(
                    200,
                    "{\"type\": \"user\", \"uuid\": \"{d301aafa-d676-4ee0-88be-962be7417567}\","
                        + " \"username\": \"ada\", \"display_name\": \"Ada Lovelace\","
                        + " \"account_id\": \"557058:c0b72ad0\", \"nickname\": \"ada\"}")));
    assertEquals(
        new GitAccount("{d301aafa-d676-4ee0-88be-962be7417567}", "ada", "Ada Lovelace"),
        provider.account(TOKEN));
    assertEquals(new GitCredentials("x-token-auth", "bb-tok"), provider.credentials(TOKEN));
  }

  private static String workspaces(String... slugs) {
    StringBuilder values = new StringBuilder();
    for (String slug : slugs) {
      values
          .append(values.isEmpty() ? "" : ",")
          .append(
              "{\"type\": \"workspace_access\", \"administrator\": false, \"workspace\":"
                  + " {\"type\": \"workspace_base\", \"uuid\": \"{"
                  + slug
                  + "}\", \"slug\": \""
                  + slug
                  + "\"}}");
    }
    return "{\"pagelen\": 100, \"page\": 1, \"size\": "
        + slugs.length
        + ", \"values\": ["
        + values
        + "]}";
  }

  @Test
  void repositoriesAreSearchedAndPagedWorkspaceByWorkspace() throws Exception {
    bitbucket.stubFor(
        get(urlPathEqualTo("/api/2.0/user/workspaces"))
            .withHeader("Authorization", equalTo("Bearer bb-tok"))
            .willReturn(json(200, workspaces("ws", "zz"))));
    List<String> first =
        IntStream.range(0, 100).mapToObj(i -> repo("ws/r%03d".formatted(i), true)).toList();
    bitbucket.stubFor(
        get(urlPathEqualTo("/api/2.0/repositories/ws"))
            .withQueryParam("role", equalTo("member"))
            .withQueryParam("q", equalTo("name ~ \"r\""))
            .withQueryParam("pagelen", equalTo("100"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                json(
                    200,
                    "{\"pagelen\": 100, \"page\": 1, \"size\": 101, \"values\": ["
                        + String.join(",", first)
                        + "], \"next\": \"https://api.bitbucket.org/2.0/repositories/ws?page=2\"}")));
    bitbucket.stubFor(
        get(urlPathEqualTo("/api/2.0/repositories/ws"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                json(
                    200,
                    "{\"pagelen\": 100, \"page\": 2, \"size\": 101, \"values\": ["
                        + repo("ws/r100", false)
                        + "], \"previous\": \"https://api.bitbucket.org/2.0/repositories/ws?page=1\"}")));
    bitbucket.stubFor(
        get(urlPathEqualTo("/api/2.0/repositories/zz"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                json(
                    200,
                    "{\"pagelen\": 100, \"page\": 1, \"size\": 1, \"values\": ["
                        + repo("zz/r-last", true)
                        + "]}")));

    GitRepositoryPage head = provider.repositories(TOKEN, "r", 2, 0);
    assertEquals(
        List.of("ws/r000", "ws/r001"), head.items().stream().map(GitRepository::fullName).toList());
    assertTrue(head.hasMore());
    GitRepository r = head.items().getFirst();
    assertEquals("https://bitbucket.org/ws/r000.git", r.cloneUrl());
    assertEquals("https://bitbucket.org/ws/r000", r.webUrl());
    assertEquals("main", r.defaultBranch());
    assertTrue(r.isPrivate());

    // over the second page of the first workspace and into the next workspace
    GitRepositoryPage tail = provider.repositories(TOKEN, "r", 5, 98);
    assertEquals(
        List.of("ws/r098", "ws/r099", "ws/r100", "zz/r-last"),
        tail.items().stream().map(GitRepository::fullName).toList());
    assertFalse(tail.hasMore());
    assertFalse(tail.items().get(2).isPrivate());
  }

  @Test
  void aRepositoryIsReadByWorkspaceAndSlug() throws Exception {
    bitbucket.stubFor(
        get(urlEqualTo("/api/2.0/repositories/ws/alpha"))
            .willReturn(json(200, repo("ws/alpha", true))));
    assertEquals("ws/alpha", provider.repository(TOKEN, "ws/alpha").fullName());
    assertEquals(
        "git_not_found",
        assertThrows(GitException.class, () -> provider.repository(TOKEN, "ws/a/b")).code());
  }

  @Test
  void aPullRequestIsOpened() throws Exception {
    bitbucket.stubFor(
        post(urlEqualTo("/api/2.0/repositories/ws/alpha/pullrequests"))
            .withHeader("Authorization", equalTo("Bearer bb-tok"))
            .withRequestBody(
                equalToJson(
                    "{\"title\": \"Fix\", \"description\": \"why\","
                        + " \"source\": {\"branch\": {\"name\": \"atelier/fix\"}},"
                        + " \"destination\": {\"branch\": {\"name\": \"main\"}}}"))
            .willReturn(
                json(
                    201,
                    "{\"type\": \"pullrequest\", \"id\": 7, \"title\": \"Fix\","
                        + " \"state\": \"OPEN\", \"links\": {\"html\": {\"href\":"
                        + " \"https://bitbucket.org/ws/alpha/pull-requests/7\"}}}")));
    GitPullRequest pr =
        provider.openPullRequest(TOKEN, "ws/alpha", "atelier/fix", "main", "Fix", "why");
    assertEquals(new GitPullRequest("7", 7, "https://bitbucket.org/ws/alpha/pull-requests/7"), pr);
  }

  @Test
  void errorStatusesBecomeStableCodes() {
    Map<Integer, String> codes =
        Map.of(
            401, "git_auth_failed",
            403, "git_auth_failed",
            404, "git_not_found",
            429, "git_rate_limited",
            500, "git_provider_unavailable",
            502, "git_provider_unavailable");
    for (var e : codes.entrySet()) {
      bitbucket.stubFor(
          get(urlEqualTo("/api/2.0/user"))
              .willReturn(
                  json(
                      e.getKey(),
                      "{\"type\": \"error\", \"error\": {\"message\": \"HTTP "
                          + e.getKey()
                          + "\"}}")));
      GitException x = assertThrows(GitException.class, () -> provider.account(TOKEN));
      assertEquals(e.getValue(), x.code(), "HTTP " + e.getKey());
    }
    bitbucket.stubFor(
        post(urlEqualTo("/api/2.0/repositories/ws/alpha/pullrequests"))
            .willReturn(
                json(
                    400,
                    "{\"type\": \"error\", \"error\": {\"message\": \"source: branch not"
                        + " found: nope\"}}")));
    GitException refused =
        assertThrows(
            GitException.class,
            () -> provider.openPullRequest(TOKEN, "ws/alpha", "nope", "main", "t", null));
    assertEquals("git_request_refused", refused.code());
    assertTrue(refused.getMessage().contains("branch not found"), refused.getMessage());

    BitbucketProvider down =
        new BitbucketProvider("http://127.0.0.1:1", "http://127.0.0.1:1", "", null);
    assertFalse(down.oauthConfigured());
    assertEquals(
        "git_provider_unavailable",
        assertThrows(GitException.class, () -> down.account(TOKEN)).code());
  }

  /** As Bitbucket signs: sha256= and the hex HMAC-SHA256 of the raw body with the hook's secret. */
  private static String sign(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    StringBuilder hex = new StringBuilder("sha256=");
    for (byte b : mac.doFinal(body)) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static final String PUSH =
      """
      {"actor": {"type": "user", "display_name": "Ada"},
       "repository": {"type": "repository", "full_name": "ws/alpha", "name": "alpha",
                      "uuid": "{1c5e4a4b-0000-4000-8000-000000000000}"},
       "push": {"changes": [
         {"new": null, "old": {"type": "branch", "name": "gone", "target": {"hash": "111"}},
          "created": false, "closed": true},
         {"new": {"type": "branch", "name": "main",
                  "target": {"type": "commit", "hash": "709d658dc5b6d6afcd46049c2f332ee3f515a67d"}},
          "old": {"type": "branch", "name": "main", "target": {"hash": "1e65c05c1d5171631d92438a13901ca7dae9618c"}},
          "created": false, "closed": false, "forced": false}]}}""";

  private static Map<String, String> headers(String event, String signature) {
    Map<String, String> h = new HashMap<>();
    h.put("x-event-key", event);
    h.put("x-request-uuid", "afe9c2a6-7b0f-4a7e-a2b7-6b1d9b3d7f10");
    h.put("x-hook-uuid", "{e1b7f8f0-0000-4000-8000-000000000000}");
    h.put("x-attempt-number", "1");
    h.put("x-hub-signature", signature);
    return h;
  }

  @Test
  void aSignedPushIsReadAndAForgedOneRefused() throws Exception {
    byte[] body = PUSH.getBytes(StandardCharsets.UTF_8);
    GitPush push =
        provider
            .verifyPush(headers("repo:push", sign("hook-secret", body)), body, "hook-secret")
            .orElseThrow();
    assertEquals(
        new GitPush(
            "afe9c2a6-7b0f-4a7e-a2b7-6b1d9b3d7f10",
            "ws/alpha",
            "main",
            "709d658dc5b6d6afcd46049c2f332ee3f515a67d"),
        push);

    GitException forged =
        assertThrows(
            GitException.class,
            () ->
                provider.verifyPush(
                    headers("repo:push", sign("other-secret", body)), body, "hook-secret"));
    assertEquals("bad_signature", forged.code());
    byte[] tampered = PUSH.replace("main", "evil").getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "bad_signature",
        assertThrows(
                GitException.class,
                () ->
                    provider.verifyPush(
                        headers("repo:push", sign("hook-secret", body)), tampered, "hook-secret"))
            .code());
  }

  @Test
  void otherEventsAndDeletionsAreNoPush() throws Exception {
    String pr = "{\"pullrequest\": {\"id\": 7}, \"repository\": {\"full_name\": \"ws/alpha\"}}";
    byte[] prBody = pr.getBytes(StandardCharsets.UTF_8);
    assertTrue(
        provider
            .verifyPush(headers("pullrequest:created", sign("s", prBody)), prBody, "s")
            .isEmpty());
    String deleted =
        "{\"repository\": {\"full_name\": \"ws/alpha\"}, \"push\": {\"changes\": [{\"new\": null,"
            + " \"old\": {\"type\": \"branch\", \"name\": \"gone\"}, \"closed\": true}]}}";
    byte[] delBody = deleted.getBytes(StandardCharsets.UTF_8);
    assertTrue(
        provider.verifyPush(headers("repo:push", sign("s", delBody)), delBody, "s").isEmpty());
  }
}
