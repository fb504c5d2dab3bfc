package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections to git hosts through the bundled git-github plugin, against GitHub faked on loopback
 * in its REST and OAuth wire formats (WireMock), and through git-gitlab and git-bitbucket against a
 * self-managed GitLab and Bitbucket Cloud faked alike, and a real git server ({@link GitServer})
 * for the clone: a token connection, the OAuth flow with state and PKCE, an expired token refreshed
 * once, the repositories with a search and paging, a host that is down or refuses the token, a
 * clone with the caller's connection, the roles and another workspace's ids.
 */
@ExtendWith(AtelierServer.class)
class GitProvidersIT {

  private static final String BASE = "/api/v1/git-providers";

  private static Path temp;
  private static GitServer upstream;
  private static WireMockServer github;
  private static WireMockServer gitlab;
  private static WireMockServer bitbucket;
  private static AtelierServer.Running server;
  private static Api anon;

  @BeforeAll
  static void start() throws Exception {
    temp = Files.createTempDirectory("git-providers-it");
    upstream = new GitServer(temp.resolve("served"));
    github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    github.start();
    gitlab = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    gitlab.start();
    bitbucket = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    bitbucket.start();
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_PLUGIN_GIT_GITHUB_API_BASE", "http://127.0.0.1:" + github.port());
    env.put("ATELIER_PLUGIN_GIT_GITHUB_OAUTH_BASE", "http://127.0.0.1:" + github.port());
    env.put("ATELIER_PLUGIN_GIT_GITHUB_CLIENT_ID", "Iv1.client");
    env.put("ATELIER_PLUGIN_GIT_GITHUB_CLIENT_SECRET", "client-secret");
    // a self-managed GitLab is one setting (and an application for OAuth)
    env.put("ATELIER_PLUGIN_GIT_GITLAB_BASE_URL", gitlabBase());
    env.put("ATELIER_PLUGIN_GIT_GITLAB_CLIENT_ID", "gl-app");
    env.put("ATELIER_PLUGIN_GIT_GITLAB_CLIENT_SECRET", "gl-secret");
    // Bitbucket without an OAuth consumer: access tokens only
    env.put("ATELIER_PLUGIN_GIT_BITBUCKET_API_BASE", "http://127.0.0.1:" + bitbucket.port());
    // the greeter test plugin records the events it receives (git.pushed among them)
    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    PluginArchives.build(
        "greeter",
        PluginArchives.manifest("greeter", ">=1.0.0 & <2.0.0", null),
        plugins,
        "greeter.jar");
    env.put("ATELIER_PLUGINS_DIR", plugins.toString());
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server = AtelierServer.launch("git-providers", env, List.of("--nocluster"), db);
    anon = Api.at(server.baseUrl());
    stubGitHub();
    stubGitLab();
    stubBitbucket();
  }

  private static String gitlabBase() {
    return "http://127.0.0.1:" + gitlab.port() + "/gitlab";
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    for (WireMockServer w : new WireMockServer[] {github, gitlab, bitbucket}) {
      if (w != null) {
        w.stop();
      }
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private static String repoJson(String fullName, boolean isPrivate) {
    return """
        {"id": %d, "name": "%s", "full_name": "%s", "private": %s, "default_branch": "main",
         "clone_url": "https://github.com/%s.git", "html_url": "https://github.com/%s",
         "owner": {"login": "octo", "id": 1}}"""
        .formatted(
            Math.abs(fullName.hashCode()),
            fullName.substring(fullName.indexOf('/') + 1),
            fullName,
            isPrivate,
            fullName,
            fullName);
  }

  private static void stubGitHub() {
    String user = "{\"login\": \"octo\", \"id\": 1, \"name\": \"The Octocat\"}";
    for (String token : List.of(GitServer.TOKEN, "fresh-token")) {
      github.stubFor(
          get(urlPathEqualTo("/user"))
              .withHeader("Authorization", equalTo("Bearer " + token))
              .willReturn(okJson(user)));
      github.stubFor(
          get(urlPathEqualTo("/user/repos"))
              .withHeader("Authorization", equalTo("Bearer " + token))
              .withQueryParam("page", equalTo("1"))
              .willReturn(
                  okJson(
                      "["
                          + repoJson("octo/alpha", false)
                          + ","
                          + repoJson("octo/beta", true)
                          + ","
                          + repoJson("acme/gamma", false)
                          + "]")));
    }
    github.stubFor(
        get(urlPathEqualTo("/user"))
            .withHeader("Authorization", equalTo("Bearer refused-token"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\": \"Bad credentials\"}")));
    github.stubFor(
        get(urlPathEqualTo("/user"))
            .withHeader("Authorization", equalTo("Bearer down-token"))
            .willReturn(aResponse().withStatus(503).withBody("unavailable")));
    // the code exchange gives a token that is about to expire, its refresh a lasting one
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("code=good-code"))
            .willReturn(
                okJson(
                    "{\"access_token\": \"short-token\", \"token_type\": \"bearer\","
                        + " \"scope\": \"repo\", \"expires_in\": 10,"
                        + " \"refresh_token\": \"refresh-1\","
                        + " \"refresh_token_expires_in\": 15811200}")));
    github.stubFor(
        get(urlPathEqualTo("/user"))
            .withHeader("Authorization", equalTo("Bearer short-token"))
            .willReturn(okJson(user)));
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=refresh-1"))
            .willReturn(
                okJson(
                    "{\"access_token\": \"fresh-token\", \"token_type\": \"bearer\","
                        + " \"scope\": \"repo\", \"expires_in\": 28800,"
                        + " \"refresh_token\": \"refresh-2\","
                        + " \"refresh_token_expires_in\": 15811200}")));
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("code=bad-code"))
            .willReturn(
                okJson(
                    "{\"error\": \"bad_verification_code\","
                        + " \"error_description\": \"The code passed is incorrect or expired.\"}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String gitlabProject(int id, String path, String visibility) {
    return """
        {"id": %d, "name": "%s", "path_with_namespace": "%s", "default_branch": "main",
         "visibility": "%s", "http_url_to_repo": "https://gitlab.example.com/%s.git",
         "web_url": "https://gitlab.example.com/%s"}"""
        .formatted(id, path.substring(path.lastIndexOf('/') + 1), path, visibility, path, path);
  }

  /** GitLab's REST v4 and OAuth under /gitlab, as a self-managed instance at a path. */
  private static void stubGitLab() {
    String user = "{\"id\": 42, \"username\": \"ada-gl\", \"name\": \"Ada\"}";
    for (String token : List.of("glpat-ada", "gl-fresh")) {
      gitlab.stubFor(
          get(urlPathEqualTo("/gitlab/api/v4/user"))
              .withHeader("Authorization", equalTo("Bearer " + token))
              .willReturn(okJson(user)));
      gitlab.stubFor(
          get(urlPathEqualTo("/gitlab/api/v4/projects"))
              .withHeader("Authorization", equalTo("Bearer " + token))
              .withQueryParam("membership", equalTo("true"))
              .withQueryParam("page", equalTo("1"))
              .willReturn(
                  okJson(
                          "["
                              + gitlabProject(1, "grp/alpha", "private")
                              + ","
                              + gitlabProject(2, "grp/sub/beta", "public")
                              + "]")
                      .withHeader("X-Next-Page", "")));
      // GitLab searches itself: only what matches comes back
      gitlab.stubFor(
          get(urlPathEqualTo("/gitlab/api/v4/projects"))
              .withHeader("Authorization", equalTo("Bearer " + token))
              .withQueryParam("search", equalTo("beta"))
              .willReturn(
                  okJson("[" + gitlabProject(2, "grp/sub/beta", "public") + "]")
                      .withHeader("X-Next-Page", "")));
    }
    gitlab.stubFor(
        get(urlPathEqualTo("/gitlab/api/v4/user"))
            .withHeader("Authorization", equalTo("Bearer glpat-refused"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\": \"401 Unauthorized\"}")));
    // the code gives a token about to expire (GitLab's last two hours), the refresh a new pair
    gitlab.stubFor(
        post(urlPathEqualTo("/gitlab/oauth/token"))
            .withRequestBody(containing("grant_type=authorization_code"))
            .willReturn(
                okJson(
                    "{\"access_token\": \"gl-short\", \"token_type\": \"Bearer\","
                        + " \"expires_in\": 10, \"refresh_token\": \"gl-refresh-1\","
                        + " \"created_at\": 1607635748}")));
    gitlab.stubFor(
        get(urlPathEqualTo("/gitlab/api/v4/user"))
            .withHeader("Authorization", equalTo("Bearer gl-short"))
            .willReturn(okJson(user)));
    gitlab.stubFor(
        post(urlPathEqualTo("/gitlab/oauth/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=gl-refresh-1"))
            .willReturn(
                okJson(
                    "{\"access_token\": \"gl-fresh\", \"token_type\": \"Bearer\","
                        + " \"expires_in\": 7200, \"refresh_token\": \"gl-refresh-2\","
                        + " \"created_at\": 1607635758}")));
  }

  /** Bitbucket Cloud's REST 2.0 at the API base. */
  private static void stubBitbucket() {
    bitbucket.stubFor(
        get(urlPathEqualTo("/2.0/user"))
            .withHeader("Authorization", equalTo("Bearer bb-unknown"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"type\": \"error\", \"error\": {\"message\": \"Token is invalid,"
                            + " expired, or not supported for this endpoint.\"}}")));
    bitbucket.stubFor(
        get(urlPathEqualTo("/2.0/user"))
            .withHeader("Authorization", equalTo("Bearer bb-ada"))
            .willReturn(
                okJson(
                    "{\"type\": \"user\", \"uuid\": \"{d301aafa-0000-4000-8000-000000000001}\","
                        + " \"username\": \"ada-bb\", \"display_name\": \"Ada\"}")));
    bitbucket.stubFor(
        get(urlPathEqualTo("/2.0/user/workspaces"))
            .withHeader("Authorization", equalTo("Bearer bb-ada"))
            .willReturn(
                okJson(
                    "{\"pagelen\": 100, \"page\": 1, \"values\": [{\"type\": \"workspace_access\","
                        + " \"administrator\": true, \"workspace\": {\"type\": \"workspace_base\","
                        + " \"uuid\": \"{w1}\", \"slug\": \"ws\"}}]}")));
    bitbucket.stubFor(
        get(urlPathEqualTo("/2.0/repositories/ws"))
            .withHeader("Authorization", equalTo("Bearer bb-ada"))
            .withQueryParam("role", equalTo("member"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson(
                    "{\"pagelen\": 100, \"page\": 1, \"values\": [{\"uuid\": \"{r1}\","
                        + " \"full_name\": \"ws/gamma\", \"is_private\": true,"
                        + " \"mainbranch\": {\"name\": \"trunk\"}, \"links\": {\"html\":"
                        + " {\"href\": \"https://bitbucket.org/ws/gamma\"}, \"clone\":"
                        + " [{\"name\": \"https\","
                        + " \"href\": \"https://ada@bitbucket.org/ws/gamma.git\"}]}}]}")));
  }

  private static Session user(String hint) {
    return Accounts.newUser(anon, hint);
  }

  private static void connectWithToken(Session s, String token) {
    Api.Res res = s.api().post(BASE + "/github/connect", Map.of("token", token));
    assertEquals(204, res.status(), res.toString());
  }

  private static JsonNode github(Session s) {
    Api.Res res = s.api().get(BASE + "/providers");
    assertEquals(200, res.status(), res.toString());
    for (JsonNode p : res.json().path("items")) {
      if (p.path("id").asText().equals("github")) {
        return p;
      }
    }
    throw new AssertionError("no github provider: " + res);
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theProvidersListTheCallersConnection() {
    Session ada = user("ada");
    JsonNode gh = github(ada);
    assertEquals("GitHub", gh.path("display_name").asText());
    assertTrue(gh.path("oauth").asBoolean(), gh.toString());
    assertFalse(gh.path("connected").asBoolean(), gh.toString());

    connectWithToken(ada, GitServer.TOKEN);
    gh = github(ada);
    assertTrue(gh.path("connected").asBoolean(), gh.toString());
    assertEquals("octo", gh.path("login").asText());

    // a colleague in the same workspace has no connection of their own
    Session bob = Accounts.joinAs(ada, user("bob"), "operator");
    assertFalse(github(bob).path("connected").asBoolean());
    assertProblem(bob.api().get(BASE + "/github/repos"), 409, "git_not_connected");

    assertProblem(anon.get(BASE + "/providers"), 401, "unauthorized");
  }

  @Test
  void aTokenTheHostRefusesOrAHostThatIsDownConnectsNothing() {
    Session ada = user("ada");
    assertProblem(
        ada.api().post(BASE + "/github/connect", Map.of("token", "refused-token")),
        422,
        "git_auth_failed");
    assertProblem(
        ada.api().post(BASE + "/github/connect", Map.of("token", "down-token")),
        502,
        "git_provider_unavailable");
    assertFalse(github(ada).path("connected").asBoolean());
    assertInvalid(ada.api().post(BASE + "/github/connect", Map.of("token", "")), "token");
    assertProblem(ada.api().post(BASE + "/gitea/connect", Map.of("token", "x")), 404, "not_found");
  }

  @Test
  void repositoriesAreSearchedAndPaged() {
    Session ada = user("ada");
    connectWithToken(ada, GitServer.TOKEN);
    Api.Res page = ada.api().get(BASE + "/github/repos?limit=2");
    assertEquals(200, page.status(), page.toString());
    assertEquals(2, page.json().path("items").size(), page.toString());
    assertTrue(page.json().path("has_more").asBoolean(), page.toString());
    JsonNode first = page.json().path("items").get(0);
    assertEquals("octo/alpha", first.path("full_name").asText());
    assertEquals("https://github.com/octo/alpha.git", first.path("clone_url").asText());
    assertEquals("main", first.path("default_branch").asText());

    Api.Res rest = ada.api().get(BASE + "/github/repos?limit=2&offset=2");
    assertEquals(1, rest.json().path("items").size(), rest.toString());
    assertFalse(rest.json().path("has_more").asBoolean(), rest.toString());

    Api.Res beta = ada.api().get(BASE + "/github/repos?q=BETA");
    assertEquals(1, beta.json().path("items").size(), beta.toString());
    assertTrue(beta.json().path("items").get(0).path("is_private").asBoolean());

    assertInvalid(ada.api().get(BASE + "/github/repos?limit=1000"), "limit");
    assertInvalid(ada.api().get(BASE + "/github/repos?offset=-1"), "offset");
    assertProblem(ada.api().get(BASE + "/gitea/repos"), 404, "not_found");
  }

  @Test
  void oauthWithStateAndPkceAndAnExpiringTokenRefreshedOnce() throws Exception {
    Session ada = user("ada");
    Api.Res started = ada.api().post(BASE + "/github/connect", Map.of());
    assertEquals(200, started.status(), started.toString());
    String url = started.json().path("authorize_url").asText();
    assertTrue(url.startsWith("http://127.0.0.1:" + github.port() + "/login/oauth/authorize?"));
    Map<String, String> q = query(url);
    assertEquals("Iv1.client", q.get("client_id"));
    assertEquals("S256", q.get("code_challenge_method"));
    assertTrue(q.get("redirect_uri").endsWith(BASE + "/github/callback"), url);
    String state = q.get("state");
    assertNotNull(state);

    assertProblem(
        anon.get(BASE + "/github/callback?code=good-code&state=" + ada.tenantId() + ".forged"),
        400,
        "invalid_state");
    assertInvalid(anon.get(BASE + "/github/callback?state=" + state), "code");
    assertProblem(
        anon.get(BASE + "/github/callback?code=bad-code&state=" + enc(state)),
        422,
        "git_auth_failed");

    // GitHub sends the browser back, without an Atelier credential
    Api.Res back = anon.get(BASE + "/github/callback?code=good-code&state=" + enc(state));
    assertEquals(200, back.status(), back.toString());
    assertEquals("octo", back.json().path("login").asText());
    // the exchange sent the verifier whose S256 is the challenge
    LoggedRequest exchange =
        github
            .findAll(
                postRequestedFor(urlPathEqualTo("/login/oauth/access_token"))
                    .withRequestBody(containing("code=good-code")))
            .getLast();
    Map<String, String> form = query("http://x/?" + exchange.getBodyAsString());
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(form.get("code_verifier").getBytes(StandardCharsets.US_ASCII)));
    assertEquals(q.get("code_challenge"), challenge);
    assertEquals("client-secret", form.get("client_secret"));
    // a state is used once
    assertProblem(
        anon.get(BASE + "/github/callback?code=good-code&state=" + enc(state)),
        400,
        "invalid_state");

    // the token expires within the minute: the first use refreshes it, the next ones do not
    int before =
        github
            .findAll(
                postRequestedFor(urlPathEqualTo("/login/oauth/access_token"))
                    .withRequestBody(containing("grant_type=refresh_token")))
            .size();
    Api.Res repos = ada.api().get(BASE + "/github/repos");
    assertEquals(200, repos.status(), repos.toString());
    assertEquals(3, repos.json().path("items").size(), repos.toString());
    assertEquals(200, ada.api().get(BASE + "/github/repos").status());
    int after =
        github
            .findAll(
                postRequestedFor(urlPathEqualTo("/login/oauth/access_token"))
                    .withRequestBody(containing("grant_type=refresh_token")))
            .size();
    assertEquals(before + 1, after);
    github.verify(
        getRequestedFor(urlPathEqualTo("/user/repos"))
            .withHeader("Authorization", equalTo("Bearer fresh-token")));
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void viewersCannotConnectAndDisconnectForgetsTheConnection() {
    Session ada = user("ada");
    Session viewer = Accounts.joinAs(ada, user("vic"), "viewer");
    assertProblem(
        viewer.api().post(BASE + "/github/connect", Map.of("token", GitServer.TOKEN)),
        403,
        "forbidden");
    assertProblem(viewer.api().delete(BASE + "/github/disconnect"), 404, "not_found");

    connectWithToken(ada, GitServer.TOKEN);
    Api.Res gone = ada.api().delete(BASE + "/github/disconnect");
    assertEquals(204, gone.status(), gone.toString());
    assertFalse(github(ada).path("connected").asBoolean());
    assertProblem(ada.api().delete(BASE + "/github/disconnect"), 404, "not_found");
    assertProblem(ada.api().get(BASE + "/github/repos"), 409, "git_not_connected");
  }

  @Test
  void aCloneUsesTheCallersConnection() throws Exception {
    String name = "providers-" + UUID.randomUUID().toString().substring(0, 8);
    seed(name).close();
    Session ada = user("ada");
    String project = project(ada);
    Map<String, String> body =
        Map.of("project_id", project, "url", upstream.url(name), "provider", "github");
    assertProblem(ada.api().post("/api/v1/git/clone", body), 409, "git_not_connected");
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/git/clone",
                Map.of(
                    "project_id",
                    project,
                    "url",
                    upstream.url(name),
                    "provider",
                    "github",
                    "secret",
                    "GIT_TOKEN")),
        "provider");
    connectWithToken(ada, GitServer.TOKEN);

    // another workspace's project is not found, even with a connection
    Session eve = user("eve");
    connectWithToken(eve, GitServer.TOKEN);
    assertProblem(eve.api().post("/api/v1/git/clone", body), 404, "not_found");

    Api.Res res = ada.api().post("/api/v1/git/clone", body);
    assertEquals(202, res.status(), res.toString());
    JsonNode t = until(ada, res.json().path("task_id").asText());
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    Api.Res readme = ada.api().get("/api/v1/projects/" + project + "/files/README.md");
    assertEquals(200, readme.status(), readme.toString());
    assertEquals("hi\n", readme.json().path("content").asText());

    // once disconnected, a clone with the connection is refused before it is queued
    assertEquals(204, ada.api().delete(BASE + "/github/disconnect").status());
    String second = project(ada);
    assertProblem(
        ada.api()
            .post(
                "/api/v1/git/clone",
                Map.of("project_id", second, "url", upstream.url(name), "provider", "github")),
        409,
        "git_not_connected");
  }

  /** A repository on the git server with a first commit on main; a work clone to commit from. */
  private static Git seed(String name) throws Exception {
    Repository bare = upstream.create(name);
    Git work =
        Git.cloneRepository()
            .setURI(bare.getDirectory().toURI().toString())
            .setDirectory(temp.resolve("work-" + name).toFile())
            .call();
    work.checkout().setOrphan(true).setName("main").call();
    commit(work, "README.md", "hi\n", "first");
    return work;
  }

  /** Commits {@code path} with {@code content} on main and pushes it; the commit's id. */
  private static String commit(Git work, String path, String content, String message)
      throws Exception {
    Files.writeString(work.getRepository().getWorkTree().toPath().resolve(path), content);
    work.add().addFilepattern(".").call();
    String id = work.commit().setMessage(message).setSign(false).call().getName();
    work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    return id;
  }

  private static String project(Session s) {
    String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", slug, "slug", slug));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  private static JsonNode until(Session s, String taskId) throws Exception {
    JsonNode t = null;
    for (int i = 0; i < 600; i++) {
      Api.Res res = s.api().get("/api/v1/tasks/" + taskId);
      assertEquals(200, res.status(), res.toString());
      t = res.json();
      String status = t.path("status").asText();
      if (!status.equals("queued") && !status.equals("running")) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task did not end: " + t);
  }

  private static JsonNode provider(Session s, String id) {
    Api.Res res = s.api().get(BASE + "/providers");
    assertEquals(200, res.status(), res.toString());
    for (JsonNode p : res.json().path("items")) {
      if (p.path("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no " + id + " provider: " + res);
  }

  @Test
  void gitHubGitLabAndBitbucketAreOffered() {
    Session ada = user("ada");
    Api.Res res = ada.api().get(BASE + "/providers");
    assertEquals(200, res.status(), res.toString());
    List<String> ids = new java.util.ArrayList<>();
    res.json().path("items").forEach(p -> ids.add(p.path("id").asText()));
    assertTrue(ids.containsAll(List.of("github", "gitlab", "bitbucket")), ids.toString());
    assertEquals("GitLab", provider(ada, "gitlab").path("display_name").asText());
    assertTrue(provider(ada, "gitlab").path("oauth").asBoolean());
    JsonNode bb = provider(ada, "bitbucket");
    assertEquals("Bitbucket", bb.path("display_name").asText());
    assertFalse(bb.path("oauth").asBoolean(), bb.toString());
    assertProblem(
        ada.api().post(BASE + "/bitbucket/connect", Map.of()), 409, "git_oauth_not_configured");
  }

  @Test
  void aSelfManagedGitLabConnectsWithATokenAndListsProjects() {
    Session ada = user("ada");
    assertProblem(
        ada.api().post(BASE + "/gitlab/connect", Map.of("token", "glpat-refused")),
        422,
        "git_auth_failed");
    assertFalse(provider(ada, "gitlab").path("connected").asBoolean());
    Session viewer = Accounts.joinAs(ada, user("vic"), "viewer");
    assertProblem(
        viewer.api().post(BASE + "/gitlab/connect", Map.of("token", "glpat-ada")),
        403,
        "forbidden");

    Api.Res connected = ada.api().post(BASE + "/gitlab/connect", Map.of("token", "glpat-ada"));
    assertEquals(204, connected.status(), connected.toString());
    assertEquals("ada-gl", provider(ada, "gitlab").path("login").asText());
    // the connection is the caller's only
    assertFalse(provider(viewer, "gitlab").path("connected").asBoolean());
    assertProblem(viewer.api().get(BASE + "/gitlab/repos"), 409, "git_not_connected");

    Api.Res page = ada.api().get(BASE + "/gitlab/repos?limit=1");
    assertEquals(200, page.status(), page.toString());
    assertEquals(1, page.json().path("items").size(), page.toString());
    assertTrue(page.json().path("has_more").asBoolean(), page.toString());
    JsonNode first = page.json().path("items").get(0);
    assertEquals("grp/alpha", first.path("full_name").asText());
    assertEquals("https://gitlab.example.com/grp/alpha.git", first.path("clone_url").asText());
    assertTrue(first.path("is_private").asBoolean());

    Api.Res beta = ada.api().get(BASE + "/gitlab/repos?q=beta");
    assertEquals(200, beta.status(), beta.toString());
    assertEquals(1, beta.json().path("items").size(), beta.toString());
    assertEquals("grp/sub/beta", beta.json().path("items").get(0).path("full_name").asText());
    assertFalse(beta.json().path("has_more").asBoolean());
    gitlab.verify(
        getRequestedFor(urlPathEqualTo("/gitlab/api/v4/projects"))
            .withHeader("Authorization", equalTo("Bearer glpat-ada"))
            .withQueryParam("search", equalTo("beta")));
  }

  @Test
  void gitLabOauthWithPkceAndItsTwoHourTokenRefreshed() throws Exception {
    Session ada = user("ada");
    Api.Res started = ada.api().post(BASE + "/gitlab/connect", Map.of());
    assertEquals(200, started.status(), started.toString());
    String url = started.json().path("authorize_url").asText();
    assertTrue(url.startsWith(gitlabBase() + "/oauth/authorize?"), url);
    Map<String, String> q = query(url);
    assertEquals("gl-app", q.get("client_id"));
    assertEquals("code", q.get("response_type"));
    assertEquals("S256", q.get("code_challenge_method"));

    Api.Res back = anon.get(BASE + "/gitlab/callback?code=gl-code&state=" + enc(q.get("state")));
    assertEquals(200, back.status(), back.toString());
    assertEquals("ada-gl", back.json().path("login").asText());
    LoggedRequest exchange =
        gitlab
            .findAll(
                postRequestedFor(urlPathEqualTo("/gitlab/oauth/token"))
                    .withRequestBody(containing("code=gl-code")))
            .getLast();
    Map<String, String> form = query("http://x/?" + exchange.getBodyAsString());
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(form.get("code_verifier").getBytes(StandardCharsets.US_ASCII)));
    assertEquals(q.get("code_challenge"), challenge);
    assertEquals("gl-secret", form.get("client_secret"));

    Api.Res repos = ada.api().get(BASE + "/gitlab/repos");
    assertEquals(200, repos.status(), repos.toString());
    assertEquals(2, repos.json().path("items").size(), repos.toString());
    gitlab.verify(
        postRequestedFor(urlPathEqualTo("/gitlab/oauth/token"))
            .withRequestBody(containing("refresh_token=gl-refresh-1")));
    gitlab.verify(
        getRequestedFor(urlPathEqualTo("/gitlab/api/v4/projects"))
            .withHeader("Authorization", equalTo("Bearer gl-fresh")));
  }

  @Test
  void bitbucketConnectsWithAnAccessTokenAndListsRepositories() {
    Session ada = user("ada");
    Api.Res connected = ada.api().post(BASE + "/bitbucket/connect", Map.of("token", "bb-ada"));
    assertEquals(204, connected.status(), connected.toString());
    assertEquals("ada-bb", provider(ada, "bitbucket").path("login").asText());
    Api.Res repos = ada.api().get(BASE + "/bitbucket/repos");
    assertEquals(200, repos.status(), repos.toString());
    JsonNode gamma = repos.json().path("items").get(0);
    assertEquals("ws/gamma", gamma.path("full_name").asText());
    assertEquals("trunk", gamma.path("default_branch").asText());
    assertEquals("https://bitbucket.org/ws/gamma.git", gamma.path("clone_url").asText());
    assertProblem(
        ada.api().post(BASE + "/bitbucket/connect", Map.of("token", "bb-unknown")),
        422,
        "git_auth_failed");
  }

  // ---- push webhooks

  private static final String HOOKS = "/api/v1/git/webhooks/";

  private static Api.Res deliver(String event, String delivery, String body, String signature) {
    return GitHubDeliveries.deliver(anon, event, delivery, body, signature);
  }

  private static List<String> events(Session s) {
    Api.Res res = s.api().get("/api/v1/greeter/events?limit=500");
    assertEquals(200, res.status(), res.toString());
    List<String> out = new java.util.ArrayList<>();
    res.json().path("items").forEach(e -> out.add(e.asText()));
    return out;
  }

  private static JsonNode log(Session s, String project) {
    Api.Res res = s.api().get("/api/v1/git/log/" + project);
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  /** A project cloned from a fresh repository on the git server with ada's GitHub connection. */
  private static String clonedProject(Session s, String name) throws Exception {
    connectWithToken(s, GitServer.TOKEN);
    String project = project(s);
    Api.Res res =
        s.api()
            .post(
                "/api/v1/git/clone",
                Map.of("project_id", project, "url", upstream.url(name), "provider", "github"));
    assertEquals(202, res.status(), res.toString());
    JsonNode t = until(s, res.json().path("task_id").asText());
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    return project;
  }

  private static JsonNode link(Session s, String project, String repository) {
    Api.Res res =
        s.api().put(HOOKS + project, Map.of("provider", "github", "repository", repository));
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  @Test
  void gitLabAndBitbucketDeliveriesAreVerifiedAsTheirHostsSendThem() throws Exception {
    Session ada = user("ada");
    for (String provider : List.of("gitlab", "bitbucket")) {
      String name = provider + "-hooks-" + UUID.randomUUID().toString().substring(0, 8);
      String repository = "octo/" + name;
      try (Git work = seed(name)) {
        String project = clonedProject(ada, name);
        Api.Res linked =
            ada.api().put(HOOKS + project, Map.of("provider", provider, "repository", repository));
        assertEquals(200, linked.status(), linked.toString());
        String secret = linked.json().path("secret").asText();
        assertTrue(
            linked.json().path("url").asText().endsWith("/webhooks/git-" + provider + "/events"),
            linked.toString());
        String after = commit(work, "CHANGES.md", provider + "\n", "from " + provider);
        String hook = "/api/v1/webhooks/git-" + provider + "/events";
        String delivery = UUID.randomUUID().toString();
        String body;
        Api forged;
        Api signed;
        if (provider.equals("gitlab")) {
          // GitLab sends the secret token itself and names the delivery in X-Gitlab-Event-UUID
          body =
              """
              {"object_kind":"push","ref":"refs/heads/main","before":"0","after":"%s",\
              "project":{"id":7,"path_with_namespace":"%s"}}"""
                  .formatted(after, repository);
          Api base =
              anon.withHeader("X-Gitlab-Event", "Push Hook")
                  .withHeader("X-Gitlab-Event-UUID", delivery);
          forged = base.withHeader("X-Gitlab-Token", "not-the-secret");
          signed = base.withHeader("X-Gitlab-Token", secret);
        } else {
          // Bitbucket signs the body with HMAC-SHA256 in X-Hub-Signature
          body =
              """
              {"push":{"changes":[{"new":{"type":"branch","name":"main",\
              "target":{"hash":"%s"}}}]},"repository":{"full_name":"%s"}}"""
                  .formatted(after, repository);
          Api base =
              anon.withHeader("X-Event-Key", "repo:push").withHeader("X-Request-UUID", delivery);
          forged =
              base.withHeader(
                  "X-Hub-Signature", GitHubDeliveries.signature("not-the-secret", body));
          signed = base.withHeader("X-Hub-Signature", GitHubDeliveries.signature(secret, body));
        }
        assertProblem(forged.send("POST", hook, body, "application/json"), 400, "bad_signature");
        assertEquals(1, log(ada, project).path("total").asInt());
        Api.Res res = signed.send("POST", hook, body, "application/json");
        assertEquals(202, res.status(), res.toString());
        assertEquals("pulled", res.json().path("outcome").asText(), res.toString());
        JsonNode t = until(ada, res.json().path("task_id").asText());
        assertEquals("succeeded", t.path("status").asText(), t.toString());
        assertEquals(after, log(ada, project).path("items").path(0).path("id").asText());
        Api.Res again = signed.send("POST", hook, body, "application/json");
        assertEquals("duplicate", again.json().path("outcome").asText(), again.toString());
      }
    }
  }

  @Test
  void aSignedPushPullsTheLinkedProjectOnceAndPublishesAnEvent() throws Exception {
    String name = "hooks-" + UUID.randomUUID().toString().substring(0, 8);
    String repository = "octo/" + name;
    Session ada = user("ada");
    try (Git work = seed(name)) {
      String project = clonedProject(ada, name);
      JsonNode linked = link(ada, project, repository);
      String secret = linked.path("secret").asText();
      assertEquals(64, secret.length(), linked.toString());
      assertTrue(linked.path("url").asText().endsWith(GitHubDeliveries.HOOK), linked.toString());
      JsonNode shown = ada.api().get(HOOKS + project).json();
      assertEquals(repository, shown.path("repository").asText());
      assertTrue(shown.path("secret").isMissingNode() || shown.path("secret").isNull(), "" + shown);

      // an automation of the project on git.pushed
      AgentServer.agent(ada, "reviewer", "[]", "");
      Api.Res automation =
          ada.api()
              .post(
                  "/api/v1/automations",
                  Map.of(
                      "name", "On push",
                      "event", "git.pushed",
                      "agent", "reviewer",
                      "project_id", project,
                      "message", "Review what was pushed."));
      assertEquals(201, automation.status(), automation.toString());
      String automationId = automation.json().path("id").asText();

      String after = commit(work, "CHANGES.md", "pushed\n", "second");
      String body = GitHubDeliveries.push(repository, "main", after);

      // a forged signature, or a delivery for a repository nobody linked: nothing happens
      assertProblem(
          deliver("push", "d-forged", body, GitHubDeliveries.signature("not-the-secret", body)),
          400,
          "bad_signature");
      String other = GitHubDeliveries.push("octo/unlinked", "main", after);
      assertProblem(
          deliver("push", "d-other", other, GitHubDeliveries.signature(secret, other)),
          400,
          "bad_signature");
      assertProblem(
          anon.send("POST", "/api/v1/webhooks/git-nohost/events", body, "application/json"),
          404,
          "not_found");
      assertEquals(1, log(ada, project).path("total").asInt());

      // GitHub's ping when the hook is made is verified and ignored
      String ping =
          "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,"
              + "\"repository\":{\"full_name\":\""
              + repository
              + "\"}}";
      Api.Res pinged = deliver("ping", "d-ping", ping, GitHubDeliveries.signature(secret, ping));
      assertEquals(202, pinged.status(), pinged.toString());
      assertEquals("ignored", pinged.json().path("outcome").asText());

      // the push, delivered twice at once (the host retries): pulled once
      String delivery = UUID.randomUUID().toString();
      String signature = GitHubDeliveries.signature(secret, body);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      List<java.util.concurrent.Future<Api.Res>> both;
      try {
        both =
            pool.invokeAll(
                List.of(
                    () -> deliver("push", delivery, body, signature),
                    () -> deliver("push", delivery, body, signature)));
      } finally {
        pool.shutdown();
      }
      List<String> outcomes = new java.util.ArrayList<>();
      String taskId = null;
      for (var f : both) {
        Api.Res r = f.get();
        assertEquals(202, r.status(), r.toString());
        outcomes.add(r.json().path("outcome").asText());
        if (r.json().hasNonNull("task_id")) {
          taskId = r.json().path("task_id").asText();
        }
      }
      java.util.Collections.sort(outcomes);
      assertEquals(List.of("duplicate", "pulled"), outcomes);
      JsonNode t = until(ada, taskId);
      assertEquals("succeeded", t.path("status").asText(), t.toString());
      assertEquals("git.pull", t.path("kind").asText(), t.toString());
      JsonNode history = log(ada, project);
      assertEquals(2, history.path("total").asInt(), history.toString());
      assertEquals(after, history.path("items").path(0).path("id").asText());

      // delivered again later: still applied once
      Api.Res again = deliver("push", delivery, body, signature);
      assertEquals(202, again.status(), again.toString());
      assertEquals("duplicate", again.json().path("outcome").asText());

      String expected = "git.pushed:" + project;
      List<String> seen = events(ada);
      for (int i = 0; i < 300 && !seen.contains(expected); i++) {
        Thread.sleep(100);
        seen = events(ada);
      }
      assertEquals(1, seen.stream().filter(expected::equals).count(), seen.toString());

      // the push fired the automation once, with what was pushed in the run's message
      JsonNode fired = ada.api().get("/api/v1/runs?automation_id=" + automationId).json();
      for (int i = 0; i < 300 && fired.path("total").asInt() == 0; i++) {
        Thread.sleep(100);
        fired = ada.api().get("/api/v1/runs?automation_id=" + automationId).json();
      }
      assertEquals(1, fired.path("total").asInt(), fired.toString());
      JsonNode run = fired.path("items").path(0);
      assertEquals(project, run.path("project_id").asText(), run.toString());
      assertEquals("automation", run.path("trigger").asText(), run.toString());
      assertTrue(run.path("input").asText().startsWith("Review what was pushed."), run + "");
      assertTrue(run.path("input").asText().contains("after=" + after), run.toString());
      assertTrue(run.path("input").asText().contains("branch=main"), run.toString());

      // a push to another branch is recorded and ignored
      String feature = GitHubDeliveries.push(repository, "feature", after);
      Api.Res elsewhere =
          deliver("push", "d-feature", feature, GitHubDeliveries.signature(secret, feature));
      assertEquals(202, elsewhere.status(), elsewhere.toString());
      assertEquals("ignored", elsewhere.json().path("outcome").asText());

      // once unlinked, the secret verifies nothing
      assertEquals(204, ada.api().delete(HOOKS + project).status());
      assertProblem(ada.api().get(HOOKS + project), 404, "not_found");
      assertProblem(
          deliver("push", "d-after", body, GitHubDeliveries.signature(secret, body)),
          400,
          "bad_signature");
    }
  }

  @Test
  void webhookLinksTakeAnAdminOfTheProjectsWorkspace() throws Exception {
    Session ada = user("ada");
    String project = project(ada);
    Session op = Accounts.joinAs(ada, user("olga"), "operator");
    Session eve = user("eve");
    Map<String, String> body = Map.of("provider", "github", "repository", "octo/site");
    assertProblem(op.api().put(HOOKS + project, body), 403, "forbidden");
    assertProblem(op.api().get(HOOKS + project), 403, "forbidden");
    assertProblem(op.api().delete(HOOKS + project), 403, "forbidden");
    assertProblem(eve.api().put(HOOKS + project, body), 404, "not_found");
    assertProblem(ada.api().get(HOOKS + project), 404, "not_found");
    assertInvalid(
        ada.api().put(HOOKS + project, Map.of("provider", "github", "repository", "site")),
        "repository");
    assertInvalid(ada.api().put(HOOKS + project, Map.of("repository", "octo/site")), "provider");
    assertInvalid(
        ada.api()
            .put(
                HOOKS + project,
                Map.of("provider", "github", "repository", "octo/site", "branch", "a..b")),
        "branch");
    assertProblem(
        ada.api().put(HOOKS + project, Map.of("provider", "nohost", "repository", "octo/site")),
        404,
        "not_found");
    assertProblem(ada.api().get(HOOKS + project), 404, "not_found");

    String first = link(ada, project, "octo/site").path("secret").asText();
    assertProblem(eve.api().get(HOOKS + project), 404, "not_found");
    assertProblem(eve.api().delete(HOOKS + project), 404, "not_found");
    String repository = "octo/site-" + UUID.randomUUID().toString().substring(0, 8);
    String second = link(ada, project, repository).path("secret").asText();
    assertFalse(first.equals(second), "linking again makes a new secret");
    assertEquals(repository, ada.api().get(HOOKS + project).json().path("repository").asText());

    // a push to a project without a repository is verified, recorded and ignored
    String push =
        GitHubDeliveries.push(repository, "main", "0123456789abcdef0123456789abcdef01234567");
    assertProblem(
        deliver("push", "d-first", push, GitHubDeliveries.signature(first, push)),
        400,
        "bad_signature");
    Api.Res res = deliver("push", "d-second", push, GitHubDeliveries.signature(second, push));
    assertEquals(202, res.status(), res.toString());
    assertEquals("ignored", res.json().path("outcome").asText());
  }

  @Test
  void aDeliveryWithoutAnIdIsRefused() throws Exception {
    Session ada = user("ada");
    String project = project(ada);
    String repository = "octo/noid-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = link(ada, project, repository).path("secret").asText();
    String body =
        GitHubDeliveries.push(repository, "main", "0123456789abcdef0123456789abcdef01234567");
    Api.Res res =
        anon.withHeader("X-GitHub-Event", "push")
            .withHeader("X-Hub-Signature-256", GitHubDeliveries.signature(secret, body))
            .send("POST", GitHubDeliveries.HOOK, body, "application/json");
    assertProblem(res, 400, "invalid_delivery");
  }

  @Test
  void aProviderSwitchedOffForTheWorkspaceIsHidden() {
    Session ada = user("ada");
    Api.Res off =
        ada.api().put("/api/v1/tenants/current/features/git-github", Map.of("enabled", false));
    assertEquals(200, off.status(), off.toString());
    Api.Res res = ada.api().get(BASE + "/providers");
    assertEquals(200, res.status(), res.toString());
    res.json()
        .path("items")
        .forEach(p -> assertFalse(p.path("id").asText().equals("github"), res.toString()));
    assertProblem(
        ada.api().post(BASE + "/github/connect", Map.of("token", GitServer.TOKEN)),
        404,
        "not_found");
    assertProblem(ada.api().get(BASE + "/github/repos"), 404, "not_found");
    assertProblem(
        ada.api()
            .put(HOOKS + project(ada), Map.of("provider", "github", "repository", "octo/site")),
        404,
        "not_found");
    // another workspace still has it
    assertEquals("GitHub", github(user("bob")).path("display_name").asText());

    Api.Res on =
        ada.api().put("/api/v1/tenants/current/features/git-github", Map.of("enabled", true));
    assertEquals(200, on.status(), on.toString());
    assertEquals("GitHub", github(ada).path("display_name").asText());
  }
}
