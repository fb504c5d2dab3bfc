package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deployments end to end on a server of its own with the bundled deployment plugins, each provider
 * faked on loopback in its wire format: credentials checked before they are stored, deployments
 * uploading only the files the provider names as missing, a 429 waited out, a build error shown in
 * the status, cancellation, roles and another workspace's ids.
 */
class DeploymentsIT {

  private static final String GOOD = "vercel-good-token";
  static final String INDEX = "<h1>Hello</h1>\n";
  static final String APP = "console.log('app');\n";

  private static final String NETLIFY_GOOD = "netlify-good-token";
  private static final String ROBOTS = "User-agent: *\n";

  private static WireMockServer vercel;
  private static WireMockServer netlify;
  private static WireMockServer cloudflare;
  static final String CF_GOOD = "cf-good-token";
  static final String CF_PROJECT = "/client/v4/accounts/acc-1/pages/projects/pages-site";
  private static AtelierServer.Running server;
  private static String db;
  private static Api anon;
  private static Session ada;
  private static String project;

  @BeforeAll
  static void start() throws Exception {
    vercel = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    vercel.start();
    stubVercel();
    netlify = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    netlify.start();
    stubNetlify();
    cloudflare = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    cloudflare.start();
    stubCloudflare(cloudflare);
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_DEPLOYMENTS_POLL_MILLIS", "100");
    env.put("ATELIER_PLUGIN_DEPLOY_VERCEL_API_BASE", vercel.baseUrl());
    env.put("ATELIER_PLUGIN_DEPLOY_VERCEL_RETRY_DELAY_MILLIS", "50");
    env.put("ATELIER_PLUGIN_DEPLOY_NETLIFY_API_BASE", netlify.baseUrl());
    env.put("ATELIER_PLUGIN_DEPLOY_NETLIFY_RETRY_DELAY_MILLIS", "50");
    env.put("ATELIER_PLUGIN_DEPLOY_NETLIFY_CLIENT_ID", "netlify-client");
    env.put("ATELIER_PLUGIN_DEPLOY_NETLIFY_CLIENT_SECRET", "netlify-secret");
    env.put("ATELIER_PLUGIN_DEPLOY_NETLIFY_OAUTH_BASE", netlify.baseUrl() + "/app");
    env.put("ATELIER_PLUGIN_DEPLOY_VERCEL_CLIENT_ID", "vercel-client");
    env.put("ATELIER_PLUGIN_DEPLOY_VERCEL_CLIENT_SECRET", "vercel-secret");
    env.put("ATELIER_PLUGIN_DEPLOY_VERCEL_INTEGRATION", "atelier-test");
    env.put("ATELIER_PLUGIN_DEPLOY_CLOUDFLARE_API_BASE", cloudflare.baseUrl() + "/client/v4");
    env.put("ATELIER_PLUGIN_DEPLOY_CLOUDFLARE_RETRY_DELAY_MILLIS", "50");
    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server = AtelierServer.launch("deployments", env, List.of("--nocluster"), db);
    anon = Api.at(server.baseUrl());
    ada = Accounts.newUser(anon, "deploy-ada");
    project = newProject(ada, "Site");
    put(ada, project, "dist/index.html", INDEX);
    put(ada, project, "dist/assets/app.js", APP);
    put(ada, project, "README.md", "not deployed\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (vercel != null) {
      vercel.stop();
    }
    if (netlify != null) {
      netlify.stop();
    }
    if (cloudflare != null) {
      cloudflare.stop();
    }
    if (db != null) {
      AtelierServer.dropPgDatabase(db);
    }
  }

  static String sha1(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  private static void stubVercel() throws Exception {
    vercel.stubFor(
        any(urlPathMatching("/.*"))
            .atPriority(10)
            .willReturn(
                json(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\"}}")));
    vercel.stubFor(
        get(urlPathEqualTo("/v2/user"))
            .withHeader("Authorization", equalTo("Bearer " + GOOD))
            .willReturn(json(200, "{\"user\":{\"id\":\"u1\",\"username\":\"ada-v\"}}")));
    vercel.stubFor(
        post(urlPathEqualTo("/v2/files"))
            .withHeader("Authorization", equalTo("Bearer " + GOOD))
            .willReturn(json(200, "{\"urls\":[]}")));
    // the site: Vercel lacks index.html, so it names it missing; once uploaded it deploys
    vercel.stubFor(
        post(urlPathEqualTo("/v13/deployments"))
            .withHeader("Authorization", equalTo("Bearer " + GOOD))
            .withRequestBody(containing("\"name\":\"site\""))
            .inScenario("site")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("uploaded")
            .willReturn(
                json(
                    400,
                    "{\"error\":{\"code\":\"missing_files\",\"message\":\"Missing files\","
                        + "\"missing\":[\""
                        + sha1(INDEX)
                        + "\"]}}")));
    vercel.stubFor(
        post(urlPathEqualTo("/v13/deployments"))
            .withHeader("Authorization", equalTo("Bearer " + GOOD))
            .withRequestBody(containing("\"name\":\"site\""))
            .inScenario("site")
            .whenScenarioStateIs("uploaded")
            .willReturn(
                json(
                    200,
                    "{\"id\":\"dpl_site\",\"url\":\"site-abc.vercel.app\",\"readyState\":\"QUEUED\"}")));
    // its status: rate limited once, then building, then ready
    vercel.stubFor(
        get(urlPathEqualTo("/v13/deployments/dpl_site"))
            .inScenario("site-status")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("limited")
            .willReturn(
                json(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"Slow down\"}}")
                    .withHeader("Retry-After", "0")));
    vercel.stubFor(
        get(urlPathEqualTo("/v13/deployments/dpl_site"))
            .inScenario("site-status")
            .whenScenarioStateIs("limited")
            .willSetStateTo("built")
            .willReturn(
                json(
                    200,
                    "{\"id\":\"dpl_site\",\"url\":\"site-abc.vercel.app\",\"readyState\":\"BUILDING\"}")));
    vercel.stubFor(
        get(urlPathEqualTo("/v13/deployments/dpl_site"))
            .inScenario("site-status")
            .whenScenarioStateIs("built")
            .willReturn(
                json(
                    200,
                    "{\"id\":\"dpl_site\",\"url\":\"site-abc.vercel.app\",\"readyState\":\"READY\"}")));
    // a project whose build fails
    vercel.stubFor(
        post(urlPathEqualTo("/v13/deployments"))
            .withHeader("Authorization", equalTo("Bearer " + GOOD))
            .withRequestBody(containing("\"name\":\"broken\""))
            .willReturn(
                json(
                    200,
                    "{\"id\":\"dpl_broken\",\"url\":\"broken-x.vercel.app\",\"readyState\":\"BUILDING\"}")));
    vercel.stubFor(
        get(urlPathEqualTo("/v13/deployments/dpl_broken"))
            .willReturn(
                json(
                    200,
                    "{\"id\":\"dpl_broken\",\"readyState\":\"ERROR\",\"errorCode\":\"BUILD_FAILED\","
                        + "\"errorMessage\":\"Command \\\"npm run build\\\" exited with 1\"}")));
    // a project that stays building until cancelled
    vercel.stubFor(
        post(urlPathEqualTo("/v13/deployments"))
            .withHeader("Authorization", equalTo("Bearer " + GOOD))
            .withRequestBody(containing("\"name\":\"slow\""))
            .willReturn(json(200, "{\"id\":\"dpl_slow\",\"readyState\":\"BUILDING\"}")));
    vercel.stubFor(
        get(urlPathEqualTo("/v13/deployments/dpl_slow"))
            .willReturn(json(200, "{\"id\":\"dpl_slow\",\"readyState\":\"BUILDING\"}")));
    vercel.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.patch(
                urlEqualTo("/v12/deployments/dpl_slow/cancel"))
            .willReturn(json(200, "{\"id\":\"dpl_slow\",\"readyState\":\"CANCELED\"}")));
  }

  private static void stubNetlify() throws Exception {
    String auth = "Bearer " + NETLIFY_GOOD;
    netlify.stubFor(
        any(urlPathMatching("/.*"))
            .atPriority(10)
            .willReturn(json(401, "{\"code\":401,\"message\":\"Access Denied\"}")));
    netlify.stubFor(
        get(urlPathEqualTo("/api/v1/user"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(
                json(
                    200, "{\"id\":\"u1\",\"full_name\":\"Ada N\",\"email\":\"ada@example.com\"}")));
    for (String site : List.of("site-1", "site-broken", "site-slow")) {
      netlify.stubFor(
          get(urlPathEqualTo("/api/v1/sites/" + site))
              .withHeader("Authorization", equalTo(auth))
              .willReturn(json(200, "{\"id\":\"" + site + "\",\"name\":\"my-" + site + "\"}")));
    }
    netlify.stubFor(
        get(urlPathEqualTo("/api/v1/sites/no-such-site"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(404, "{\"code\":404,\"message\":\"Not Found\"}")));
    netlify.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.put(
                urlPathMatching("/api/v1/deploys/[^/]+/files/.*"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, "{\"id\":\"f\"}")));
    // the site: Netlify lacks index.html, then, still uploading, app.js; then it processes
    netlify.stubFor(
        post(urlPathEqualTo("/api/v1/sites/site-1/deploys"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(
                json(
                    200,
                    "{\"id\":\"d1\",\"state\":\"uploading\",\"draft\":false,\"required\":[\""
                        + sha1(INDEX)
                        + "\"]}")));
    String[][] steps = {
      {STARTED, "limited", null},
      {
        "limited",
        "more",
        "{\"id\":\"d1\",\"state\":\"uploading\",\"required\":[\"" + sha1(APP) + "\"]}"
      },
      {"more", "built", "{\"id\":\"d1\",\"state\":\"processing\",\"required\":[]}"},
      {
        "built",
        "built",
        "{\"id\":\"d1\",\"state\":\"ready\",\"draft\":false,\"required\":[],"
            + "\"ssl_url\":\"https://my-site-1.netlify.app\","
            + "\"deploy_ssl_url\":\"https://d1--my-site-1.netlify.app\"}"
      }
    };
    for (String[] step : steps) {
      netlify.stubFor(
          get(urlPathEqualTo("/api/v1/deploys/d1"))
              .withHeader("Authorization", equalTo(auth))
              .inScenario("netlify-site")
              .whenScenarioStateIs(step[0])
              .willSetStateTo(step[1])
              .willReturn(
                  step[2] == null
                      ? json(429, "{\"code\":429,\"message\":\"Rate limit exceeded\"}")
                          .withHeader("Retry-After", "0")
                      : json(200, step[2])));
    }
    // a draft whose build fails
    netlify.stubFor(
        post(urlPathEqualTo("/api/v1/sites/site-broken/deploys"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(
                json(
                    200,
                    "{\"id\":\"d_broken\",\"state\":\"processing\",\"draft\":true,\"required\":[]}")));
    netlify.stubFor(
        get(urlPathEqualTo("/api/v1/deploys/d_broken"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(
                json(
                    200,
                    "{\"id\":\"d_broken\",\"state\":\"error\",\"draft\":true,"
                        + "\"error_message\":\"Build script returned non-zero exit code: 2\"}")));
    // a deploy that keeps processing until cancelled
    netlify.stubFor(
        post(urlPathEqualTo("/api/v1/sites/site-slow/deploys"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, "{\"id\":\"d_slow\",\"state\":\"processing\",\"required\":[]}")));
    netlify.stubFor(
        get(urlPathEqualTo("/api/v1/deploys/d_slow"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, "{\"id\":\"d_slow\",\"state\":\"processing\",\"required\":[]}")));
    netlify.stubFor(
        post(urlPathEqualTo("/api/v1/deploys/d_slow/cancel"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, "{\"id\":\"d_slow\",\"state\":\"cancelled\"}")));
  }

  private static void netlifyCredentials(Session s, String site) {
    Api.Res res =
        s.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "netlify", "token", NETLIFY_GOOD, "account", site));
    assertEquals(201, res.status(), res.toString());
    assertEquals("my-" + site, res.json().path("account_name").asText(), res.toString());
  }

  static String newProject(Session s, String name) {
    Api.Res p = s.api().post("/api/v1/projects", Map.of("name", name));
    assertEquals(201, p.status(), p.toString());
    return p.json().path("id").asText();
  }

  static void put(Session s, String projectId, String path, String content) {
    Api.Res res =
        s.api().put("/api/v1/projects/" + projectId + "/files/" + path, Map.of("content", content));
    assertTrue(res.status() == 200 || res.status() == 201, res.toString());
  }

  private static void credentials(Session s) {
    Api.Res res =
        s.api().post("/api/v1/deployment-credentials", Map.of("provider", "vercel", "token", GOOD));
    assertEquals(201, res.status(), res.toString());
  }

  static JsonNode until(Session s, String deploymentId, String... statuses) throws Exception {
    JsonNode d = null;
    for (int i = 0; i < 600; i++) {
      d = s.api().get("/api/v1/deployments/" + deploymentId + "/status").json();
      if (List.of(statuses).contains(d.path("status").asText())) {
        return d;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("deployment did not reach " + List.of(statuses) + ": " + d);
  }

  static JsonNode task(Session s, String taskId) throws Exception {
    JsonNode t = null;
    for (int i = 0; i < 600; i++) {
      t = s.api().get("/api/v1/tasks/" + taskId).json();
      if (List.of("succeeded", "failed").contains(t.path("status").asText())) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task did not end: " + t);
  }

  /** The {@code state} query parameter of an authorize URL. */
  private static String stateOf(String url) {
    for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
      if (pair.startsWith("state=")) {
        return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no state in " + url);
  }

  private static String authorize(Session s, String provider) {
    Api.Res a = s.api().get("/api/v1/deployment-oauth/" + provider + "/authorize");
    assertEquals(200, a.status(), a.toString());
    return a.json().path("authorize_url").asText();
  }

  private static Api.Res callback(String provider, String code, String state) {
    return anon.get(
        "/api/v1/deployment-oauth/"
            + provider
            + "/callback?code="
            + code
            + "&state="
            + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
  }

  @Test
  void oauthStoresTheCredentialOnceForTheWorkspaceThatStartedIt() {
    netlify.stubFor(
        post(urlPathEqualTo("/oauth/token"))
            .withRequestBody(containing("code=good-code"))
            .withRequestBody(containing("client_secret=netlify-secret"))
            .withRequestBody(containing("grant_type=authorization_code"))
            .willReturn(
                json(
                    200, "{\"access_token\":\"" + NETLIFY_GOOD + "\",\"token_type\":\"Bearer\"}")));
    netlify.stubFor(
        post(urlPathEqualTo("/oauth/token"))
            .withRequestBody(containing("code=used-code"))
            .willReturn(json(400, "{\"error\":\"invalid_grant\"}")));
    Session gus = Accounts.newUser(anon, "deploy-gus");
    String url = authorize(gus, "netlify");
    assertTrue(url.startsWith(netlify.baseUrl() + "/app/authorize?"), url);
    assertTrue(url.contains("client_id=netlify-client"), url);
    assertTrue(url.contains("response_type=code"), url);
    assertTrue(
        url.contains(
            "redirect_uri="
                + java.net.URLEncoder.encode(
                    server.baseUrl() + "/api/v1/deployment-oauth/netlify/callback",
                    StandardCharsets.UTF_8)),
        url);
    String state = stateOf(url);

    // a forged state, or this one at another provider's callback: nothing stored
    assertProblem(callback("netlify", "good-code", state + "x"), 400, "invalid_state");
    assertProblem(callback("netlify", "good-code", "no-dot"), 400, "invalid_state");
    assertInvalid(anon.get("/api/v1/deployment-oauth/netlify/callback?state=" + state), "code");
    assertEquals(0, gus.api().get("/api/v1/deployment-credentials").json().path("total").asInt());

    Api.Res ok = callback("netlify", "good-code", state);
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("netlify", ok.json().path("provider").asText(), ok.toString());
    assertFalse(ok.toString().contains(NETLIFY_GOOD), ok.toString());
    JsonNode list = gus.api().get("/api/v1/deployment-credentials").json();
    assertEquals(1, list.path("total").asInt(), list.toString());
    assertEquals(
        "Ada N", list.path("items").path(0).path("account_name").asText(), list.toString());
    // the state is single-use
    assertProblem(callback("netlify", "good-code", state), 400, "invalid_state");

    // a code the provider refuses: 422, the stored credential stays as it was
    String second = stateOf(authorize(gus, "netlify"));
    assertProblem(callback("netlify", "used-code", second), 422, "deploy_auth_failed");
    JsonNode after = gus.api().get("/api/v1/deployment-credentials").json();
    assertEquals(list.path("items"), after.path("items"), after.toString());
    // a state started for Netlify does not serve Vercel's callback
    String third = stateOf(authorize(gus, "netlify"));
    assertProblem(callback("vercel", "good-code", third), 400, "invalid_state");

    // another workspace never sees the credential; viewers may not start; Cloudflare has no OAuth
    Session hal = Accounts.newUser(anon, "deploy-hal");
    assertEquals(0, hal.api().get("/api/v1/deployment-credentials").json().path("total").asInt());
    Session ivy = Accounts.joinAs(gus, Accounts.newUser(anon, "deploy-ivy"), "viewer");
    assertProblem(ivy.api().get("/api/v1/deployment-oauth/netlify/authorize"), 403, "forbidden");
    assertProblem(
        gus.api().get("/api/v1/deployment-oauth/cloudflare/authorize"),
        409,
        "deploy_oauth_not_configured");
    assertProblem(gus.api().get("/api/v1/deployment-oauth/nope/authorize"), 404, "not_found");
    assertProblem(anon.get("/api/v1/deployment-oauth/netlify/authorize"), 401, "unauthorized");
  }

  @Test
  void vercelOauthGoesThroughTheIntegrationsInstallPage() {
    vercel.stubFor(
        post(urlPathEqualTo("/v2/oauth/access_token"))
            .withRequestBody(containing("code=vercel-code"))
            .withRequestBody(containing("client_id=vercel-client"))
            .willReturn(
                json(200, "{\"access_token\":\"" + GOOD + "\",\"installation_id\":\"icfg_1\"}")));
    Session jon = Accounts.newUser(anon, "deploy-jon");
    String url = authorize(jon, "vercel");
    assertTrue(url.startsWith("https://vercel.com/integrations/atelier-test/new?state="), url);
    Api.Res ok = callback("vercel", "vercel-code", stateOf(url));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("ada-v", ok.json().path("account_name").asText(), ok.toString());
    assertEquals(1, jon.api().get("/api/v1/deployment-credentials").json().path("total").asInt());
  }

  @Test
  void credentialsAreCheckedByTheProviderAndNeverShown() {
    Session bea = Accounts.newUser(anon, "deploy-bea");
    Api.Res wrong =
        bea.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "vercel", "token", "wrong-token"));
    assertProblem(wrong, 422, "deploy_auth_failed");
    assertEquals(0, bea.api().get("/api/v1/deployment-credentials").json().path("total").asInt());

    assertInvalid(
        bea.api()
            .post("/api/v1/deployment-credentials", Map.of("provider", "heroku", "token", "x")),
        "provider");
    assertInvalid(
        bea.api().post("/api/v1/deployment-credentials", Map.of("provider", "vercel")), "token");

    Api.Res ok =
        bea.api()
            .post("/api/v1/deployment-credentials", Map.of("provider", "vercel", "token", GOOD));
    assertEquals(201, ok.status(), ok.toString());
    assertEquals("ada-v", ok.json().path("account_name").asText());
    assertFalse(ok.text().contains(GOOD), ok.text());
    String id = ok.json().path("id").asText();
    Api.Res list = bea.api().get("/api/v1/deployment-credentials");
    assertEquals(1, list.json().path("total").asInt(), list.toString());
    assertFalse(list.text().contains(GOOD), list.text());

    // a second token for the provider replaces the first
    Api.Res again =
        bea.api()
            .post("/api/v1/deployment-credentials", Map.of("provider", "vercel", "token", GOOD));
    assertEquals(201, again.status(), again.toString());
    assertEquals(1, bea.api().get("/api/v1/deployment-credentials").json().path("total").asInt());
    assertProblem(bea.api().delete("/api/v1/deployment-credentials/" + id), 404, "not_found");

    // roles: an operator reads but does not write; another workspace's id is not found
    Session cid = Accounts.joinAs(bea, Accounts.newUser(anon, "deploy-cid"), "operator");
    assertEquals(200, cid.api().get("/api/v1/deployment-credentials").status());
    assertProblem(
        cid.api()
            .post("/api/v1/deployment-credentials", Map.of("provider", "vercel", "token", GOOD)),
        403,
        "forbidden");
    String current = again.json().path("id").asText();
    assertProblem(cid.api().delete("/api/v1/deployment-credentials/" + current), 403, "forbidden");
    assertProblem(ada.api().delete("/api/v1/deployment-credentials/" + current), 404, "not_found");
    assertEquals(204, bea.api().delete("/api/v1/deployment-credentials/" + current).status());
    assertEquals(0, bea.api().get("/api/v1/deployment-credentials").json().path("total").asInt());
  }

  @Test
  void aDeploymentUploadsWhatVercelLacksWaitsOutA429AndIsReady() throws Exception {
    credentials(ada);
    Api.Res res =
        ada.api()
            .post(
                "/api/v1/deployments",
                Map.of(
                    "project_id", project,
                    "provider", "vercel",
                    "target", "production",
                    "output_dir", "dist"));
    assertEquals(202, res.status(), res.toString());
    String id = res.json().path("deployment_id").asText();
    String taskId = res.json().path("task_id").asText();
    // the files change after the deployment was queued: the frozen snapshot is deployed
    put(ada, project, "dist/index.html", "<h1>Changed</h1>\n");

    JsonNode ready = until(ada, id, "ready", "error", "cancelled");
    assertEquals("ready", ready.path("status").asText(), ready.toString());
    assertEquals("https://site-abc.vercel.app", ready.path("url").asText());
    assertEquals("dpl_site", ready.path("reference").asText());
    assertEquals("succeeded", task(ada, taskId).path("status").asText());

    // Vercel was told both files with their digests and sizes, and got only the one it lacked
    List<LoggedRequest> created =
        vercel.findAll(postRequestedFor(urlPathEqualTo("/v13/deployments")));
    String body = created.get(created.size() - 1).getBodyAsString();
    JsonNode sent = Api.JSON.readTree(body);
    assertEquals("production", sent.path("target").asText(), body);
    assertEquals(2, sent.path("files").size(), body);
    Map<String, JsonNode> byFile = new HashMap<>();
    sent.path("files").forEach(f -> byFile.put(f.path("file").asText(), f));
    assertEquals(sha1(INDEX), byFile.get("index.html").path("sha").asText(), body);
    assertEquals(INDEX.length(), byFile.get("index.html").path("size").asInt(), body);
    assertEquals(sha1(APP), byFile.get("assets/app.js").path("sha").asText(), body);
    List<LoggedRequest> uploads = vercel.findAll(postRequestedFor(urlPathEqualTo("/v2/files")));
    assertEquals(1, uploads.size(), uploads.toString());
    assertEquals(sha1(INDEX), uploads.get(0).getHeader("x-vercel-digest"));
    assertEquals(INDEX, uploads.get(0).getBodyAsString());
    assertTrue(
        vercel.findAll(getRequestedFor(urlPathEqualTo("/v13/deployments/dpl_site"))).size() >= 3);

    Api.Res list = ada.api().get("/api/v1/deployments/" + project);
    assertEquals(200, list.status(), list.toString());
    assertEquals(id, list.json().path("items").path(0).path("id").asText(), list.toString());
  }

  @Test
  void aBuildErrorEndsTheDeploymentWithTheProvidersLog() throws Exception {
    Session dan = Accounts.newUser(anon, "deploy-dan");
    credentials(dan);
    String broken = newProject(dan, "Broken");
    put(dan, broken, "index.html", INDEX);
    Api.Res res =
        dan.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", broken, "provider", "vercel", "target", "preview"));
    assertEquals(202, res.status(), res.toString());
    JsonNode failed = until(dan, res.json().path("deployment_id").asText(), "ready", "error");
    assertEquals("error", failed.path("status").asText(), failed.toString());
    assertTrue(failed.path("log").asText().contains("exited with 1"), failed.toString());
    JsonNode t = task(dan, res.json().path("task_id").asText());
    assertEquals("failed", t.path("status").asText(), t.toString());
    assertEquals("deployment_failed", t.path("error").path("code").asText(), t.toString());
  }

  @Test
  void deployAllCancelAndTheRulesOfEveryEndpoint() throws Exception {
    Session eve = Accounts.newUser(anon, "deploy-eve");
    String slow = newProject(eve, "Slow");
    put(eve, slow, "index.html", INDEX);
    // without credentials nothing is queued
    assertProblem(
        eve.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", slow, "provider", "vercel", "target", "production")),
        409,
        "deployment_credentials_missing");
    assertProblem(
        eve.api().post("/api/v1/deployments/deploy-all", Map.of("project_id", slow)),
        409,
        "deployment_credentials_missing");
    credentials(eve);

    // bad input
    assertInvalid(
        eve.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", slow, "provider", "vercel", "target", "staging")),
        "target");
    assertInvalid(
        eve.api()
            .post(
                "/api/v1/deployments",
                Map.of(
                    "project_id",
                    slow,
                    "provider",
                    "vercel",
                    "target",
                    "preview",
                    "output_dir",
                    "../x")),
        "output_dir");
    assertInvalid(
        eve.api()
            .post(
                "/api/v1/deployments",
                Map.of(
                    "project_id",
                    slow,
                    "provider",
                    "vercel",
                    "target",
                    "preview",
                    "output_dir",
                    "nope")),
        "output_dir");
    assertInvalid(
        eve.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", slow, "provider", "nowhere", "target", "preview")),
        "provider");
    assertInvalid(
        eve.api().post("/api/v1/deployments", Map.of("provider", "vercel", "target", "preview")),
        "project_id");
    assertInvalid(eve.api().post("/api/v1/deployments/deploy-all", Map.of()), "project_id");
    assertEquals(0, eve.api().get("/api/v1/deployments/" + slow).json().path("total").asInt());

    // another workspace's project and deployments are not found
    assertProblem(
        ada.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", slow, "provider", "vercel", "target", "preview")),
        404,
        "not_found");

    Api.Res all = eve.api().post("/api/v1/deployments/deploy-all", Map.of("project_id", slow));
    assertEquals(202, all.status(), all.toString());
    JsonNode queued = all.json().path("deployments");
    assertEquals(1, queued.size(), all.toString());
    assertEquals("vercel", queued.path(0).path("provider").asText());
    String id = queued.path(0).path("deployment_id").asText();
    until(eve, id, "building");

    assertProblem(ada.api().get("/api/v1/deployments/" + id + "/status"), 404, "not_found");
    assertProblem(ada.api().get("/api/v1/deployments/" + slow), 404, "not_found");
    assertProblem(ada.api().delete("/api/v1/deployments/" + id), 404, "not_found");
    assertProblem(eve.api().get("/api/v1/deployments/nope/status"), 404, "not_found");

    // a viewer reads but neither deploys nor cancels
    Session fay = Accounts.joinAs(eve, Accounts.newUser(anon, "deploy-fay"), "viewer");
    assertEquals(200, fay.api().get("/api/v1/deployments/" + id + "/status").status());
    assertProblem(
        fay.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", slow, "provider", "vercel", "target", "preview")),
        403,
        "forbidden");
    assertProblem(
        fay.api().post("/api/v1/deployments/deploy-all", Map.of("project_id", slow)),
        403,
        "forbidden");
    assertProblem(fay.api().delete("/api/v1/deployments/" + id), 403, "forbidden");

    assertEquals(204, eve.api().delete("/api/v1/deployments/" + id).status());
    JsonNode cancelled = eve.api().get("/api/v1/deployments/" + id + "/status").json();
    assertEquals("cancelled", cancelled.path("status").asText(), cancelled.toString());
    assertEquals(
        1,
        vercel.findAll(patchRequestedFor(urlEqualTo("/v12/deployments/dpl_slow/cancel"))).size());
    JsonNode t = task(eve, queued.path(0).path("task_id").asText());
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    assertEquals("cancelled", t.path("result").path("status").asText(), t.toString());
  }

  @Test
  void netlifyRefusesAWrongTokenOrSite() {
    Session jo = Accounts.newUser(anon, "netlify-jo");
    assertProblem(
        jo.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "netlify", "token", "wrong-token", "account", "site-1")),
        422,
        "deploy_auth_failed");
    assertProblem(
        jo.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "netlify", "token", NETLIFY_GOOD, "account", "no-such-site")),
        422,
        "deploy_auth_failed");
    assertEquals(0, jo.api().get("/api/v1/deployment-credentials").json().path("total").asInt());
    netlifyCredentials(jo, "site-1");
    Api.Res list = jo.api().get("/api/v1/deployment-credentials");
    assertEquals(1, list.json().path("total").asInt(), list.toString());
    assertFalse(list.text().contains(NETLIFY_GOOD), list.text());
  }

  @Test
  void aNetlifyDeployUploadsOnlyTheRequiredFilesWaitsOutA429AndIsReady() throws Exception {
    Session gil = Accounts.newUser(anon, "netlify-gil");
    netlifyCredentials(gil, "site-1");
    String site = newProject(gil, "Netlify Site");
    put(gil, site, "dist/index.html", INDEX);
    put(gil, site, "dist/assets/app.js", APP);
    put(gil, site, "dist/robots.txt", ROBOTS);
    Api.Res res =
        gil.api()
            .post(
                "/api/v1/deployments",
                Map.of(
                    "project_id", site,
                    "provider", "netlify",
                    "target", "production",
                    "output_dir", "dist"));
    assertEquals(202, res.status(), res.toString());
    JsonNode ready =
        until(gil, res.json().path("deployment_id").asText(), "ready", "error", "cancelled");
    assertEquals("ready", ready.path("status").asText(), ready.toString());
    assertEquals("https://my-site-1.netlify.app", ready.path("url").asText(), ready.toString());
    assertEquals("d1", ready.path("reference").asText());
    assertEquals(
        "succeeded", task(gil, res.json().path("task_id").asText()).path("status").asText());

    List<LoggedRequest> created =
        netlify.findAll(postRequestedFor(urlPathEqualTo("/api/v1/sites/site-1/deploys")));
    assertEquals(1, created.size(), created.toString());
    JsonNode sent = Api.JSON.readTree(created.get(0).getBodyAsString());
    assertFalse(sent.path("draft").asBoolean(true), sent.toString());
    assertEquals(3, sent.path("files").size(), sent.toString());
    assertEquals(sha1(INDEX), sent.path("files").path("/index.html").asText(), sent.toString());
    assertEquals(sha1(APP), sent.path("files").path("/assets/app.js").asText(), sent.toString());
    assertEquals(sha1(ROBOTS), sent.path("files").path("/robots.txt").asText(), sent.toString());

    List<LoggedRequest> uploads =
        netlify.findAll(putRequestedFor(urlPathMatching("/api/v1/deploys/d1/files/.*")));
    assertEquals(2, uploads.size(), uploads.toString());
    Map<String, String> byPath = new HashMap<>();
    for (LoggedRequest u : uploads) {
      assertEquals("application/octet-stream", u.getHeader("Content-Type"));
      byPath.put(u.getUrl(), u.getBodyAsString());
    }
    assertEquals(INDEX, byPath.get("/api/v1/deploys/d1/files/index.html"), byPath.toString());
    assertEquals(APP, byPath.get("/api/v1/deploys/d1/files/assets/app.js"), byPath.toString());
  }

  @Test
  void aNetlifyPreviewIsADraftAndItsBuildErrorIsShown() throws Exception {
    Session hal = Accounts.newUser(anon, "netlify-hal");
    netlifyCredentials(hal, "site-broken");
    String broken = newProject(hal, "Netlify Broken");
    put(hal, broken, "index.html", INDEX);
    Api.Res res =
        hal.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", broken, "provider", "netlify", "target", "preview"));
    assertEquals(202, res.status(), res.toString());
    JsonNode failed = until(hal, res.json().path("deployment_id").asText(), "ready", "error");
    assertEquals("error", failed.path("status").asText(), failed.toString());
    assertTrue(failed.path("log").asText().contains("non-zero exit code: 2"), failed.toString());
    JsonNode t = task(hal, res.json().path("task_id").asText());
    assertEquals("failed", t.path("status").asText(), t.toString());
    List<LoggedRequest> created =
        netlify.findAll(postRequestedFor(urlPathEqualTo("/api/v1/sites/site-broken/deploys")));
    JsonNode sent = Api.JSON.readTree(created.get(0).getBodyAsString());
    assertTrue(sent.path("draft").asBoolean(false), sent.toString());
    assertEquals(
        0, netlify.findAll(putRequestedFor(urlPathMatching("/api/v1/deploys/d_broken/.*"))).size());
  }

  @Test
  void aNetlifyDeployIsCancelled() throws Exception {
    Session ivy = Accounts.newUser(anon, "netlify-ivy");
    netlifyCredentials(ivy, "site-slow");
    String slow = newProject(ivy, "Netlify Slow");
    put(ivy, slow, "index.html", INDEX);
    Api.Res res =
        ivy.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", slow, "provider", "netlify", "target", "production"));
    assertEquals(202, res.status(), res.toString());
    String id = res.json().path("deployment_id").asText();
    until(ivy, id, "building");
    assertProblem(ada.api().delete("/api/v1/deployments/" + id), 404, "not_found");
    assertEquals(204, ivy.api().delete("/api/v1/deployments/" + id).status());
    JsonNode cancelled = ivy.api().get("/api/v1/deployments/" + id + "/status").json();
    assertEquals("cancelled", cancelled.path("status").asText(), cancelled.toString());
    assertEquals(
        1, netlify.findAll(postRequestedFor(urlEqualTo("/api/v1/deploys/d_slow/cancel"))).size());
    JsonNode t = task(ivy, res.json().path("task_id").asText());
    assertEquals("cancelled", t.path("result").path("status").asText(), t.toString());
  }

  /** Cloudflare Pages' asset key, as its CLI derives it: BLAKE3(base64(content) + extension). */
  static String pagesKey(String path, String content) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot <= 0 ? "" : name.substring(dot + 1);
    String input =
        Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + ext;
    return HexFormat.of()
        .formatHex(Blake3.hash(input.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 32);
  }

  static String cfOk(String result) {
    return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
  }

  static String cfDeployment(String id, String stage, String status) {
    return cfOk(
        "{\"id\":\""
            + id
            + "\",\"url\":\"https://"
            + id
            + ".pages-site.pages.dev\",\"latest_stage\":{\"name\":\""
            + stage
            + "\",\"status\":\""
            + status
            + "\"}}");
  }

  /** Cloudflare Pages on {@code cloudflare}: account acc-1, project pages-site, app.js missing. */
  static void stubCloudflare(WireMockServer cloudflare) {
    String auth = "Bearer " + CF_GOOD;
    cloudflare.stubFor(
        any(urlPathMatching("/.*"))
            .atPriority(10)
            .willReturn(
                json(
                    403,
                    "{\"success\":false,\"errors\":[{\"code\":10000,"
                        + "\"message\":\"Authentication error\"}]}")));
    cloudflare.stubFor(
        get(urlPathEqualTo("/client/v4/user/tokens/verify"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, cfOk("{\"id\":\"t1\",\"status\":\"active\"}"))));
    cloudflare.stubFor(
        get(urlPathEqualTo("/client/v4/accounts/acc-1"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, cfOk("{\"id\":\"acc-1\",\"name\":\"Acme\"}"))));
    cloudflare.stubFor(
        get(urlPathEqualTo(CF_PROJECT + "/upload-token"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, cfOk("{\"jwt\":\"pages-jwt\"}"))));
    // Pages already has index.html: only app.js is missing
    cloudflare.stubFor(
        post(urlPathEqualTo("/client/v4/pages/assets/check-missing"))
            .withHeader("Authorization", equalTo("Bearer pages-jwt"))
            .willReturn(json(200, cfOk("[\"" + pagesKey("assets/app.js", APP) + "\"]"))));
    cloudflare.stubFor(
        post(urlPathEqualTo("/client/v4/pages/assets/upload"))
            .withHeader("Authorization", equalTo("Bearer pages-jwt"))
            .willReturn(json(200, cfOk("null"))));
    cloudflare.stubFor(
        post(urlPathEqualTo("/client/v4/pages/assets/upsert-hashes"))
            .withHeader("Authorization", equalTo("Bearer pages-jwt"))
            .willReturn(json(200, cfOk("true"))));
    cloudflare.stubFor(
        post(urlPathEqualTo(CF_PROJECT + "/deployments"))
            .withHeader("Authorization", equalTo(auth))
            .withRequestBody(containing("name=\"branch\""))
            .willReturn(json(200, cfDeployment("cf-preview", "queued", "active"))));
    cloudflare.stubFor(
        post(urlPathEqualTo(CF_PROJECT + "/deployments"))
            .withHeader("Authorization", equalTo(auth))
            .withRequestBody(notContaining("name=\"branch\""))
            .willReturn(json(200, cfDeployment("cf-prod", "queued", "active"))));
    cloudflare.stubFor(
        get(urlPathEqualTo(CF_PROJECT + "/deployments/cf-prod"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, cfDeployment("cf-prod", "deploy", "success"))));
    cloudflare.stubFor(
        get(urlPathEqualTo(CF_PROJECT + "/deployments/cf-preview"))
            .withHeader("Authorization", equalTo(auth))
            .willReturn(json(200, cfDeployment("cf-preview", "build", "failure"))));
  }

  static void cloudflareCredentials(Session s) {
    Api.Res res =
        s.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "cloudflare", "token", CF_GOOD, "account", "acc-1/pages-site"));
    assertEquals(201, res.status(), res.toString());
  }

  @Test
  void cloudflareRefusesAWrongTokenOrAccount() {
    Session kim = Accounts.newUser(anon, "cf-kim");
    assertProblem(
        kim.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "cloudflare", "token", "wrong", "account", "acc-1")),
        422,
        "deploy_auth_failed");
    assertProblem(
        kim.api()
            .post(
                "/api/v1/deployment-credentials",
                Map.of("provider", "cloudflare", "token", CF_GOOD, "account", "acc-9/x")),
        422,
        "deploy_auth_failed");
    assertEquals(0, kim.api().get("/api/v1/deployment-credentials").json().path("total").asInt());
    cloudflareCredentials(kim);
    Api.Res list = kim.api().get("/api/v1/deployment-credentials");
    assertEquals(1, list.json().path("total").asInt(), list.toString());
    assertFalse(list.text().contains(CF_GOOD), list.text());
  }

  @Test
  void aCloudflarePagesDeployUploadsOnlyTheMissingAssetsAndIsReady() throws Exception {
    Session lea = Accounts.newUser(anon, "cf-lea");
    cloudflareCredentials(lea);
    String site = newProject(lea, "Pages Site");
    put(lea, site, "dist/index.html", INDEX);
    put(lea, site, "dist/assets/app.js", APP);
    Api.Res res =
        lea.api()
            .post(
                "/api/v1/deployments",
                Map.of(
                    "project_id", site,
                    "provider", "cloudflare",
                    "target", "production",
                    "output_dir", "dist"));
    assertEquals(202, res.status(), res.toString());
    String id = res.json().path("deployment_id").asText();
    JsonNode ready = until(lea, id, "ready", "error", "cancelled");
    assertEquals("ready", ready.path("status").asText(), ready.toString());
    assertEquals("https://cf-prod.pages-site.pages.dev", ready.path("url").asText());
    assertEquals("pages-site/cf-prod", ready.path("reference").asText());
    assertProblem(ada.api().get("/api/v1/deployments/" + id + "/status"), 404, "not_found");

    List<LoggedRequest> uploads =
        cloudflare.findAll(postRequestedFor(urlPathEqualTo("/client/v4/pages/assets/upload")));
    // every upload (this test's and the preview's) carries app.js alone: index.html is not missing
    assertFalse(uploads.isEmpty());
    for (LoggedRequest upload : uploads) {
      JsonNode bucket = Api.JSON.readTree(upload.getBodyAsString());
      assertEquals(1, bucket.size(), bucket.toString());
      assertEquals(pagesKey("assets/app.js", APP), bucket.get(0).path("key").asText());
      assertEquals(
          APP,
          new String(
              Base64.getDecoder().decode(bucket.get(0).path("value").asText()),
              StandardCharsets.UTF_8));
      assertTrue(bucket.get(0).path("base64").asBoolean(), bucket.toString());
      assertEquals(
          "application/javascript",
          bucket.get(0).path("metadata").path("contentType").asText(),
          bucket.toString());
    }

    List<LoggedRequest> upserts =
        cloudflare.findAll(
            postRequestedFor(urlPathEqualTo("/client/v4/pages/assets/upsert-hashes")));
    JsonNode hashes = Api.JSON.readTree(upserts.get(0).getBodyAsString()).path("hashes");
    assertEquals(2, hashes.size(), hashes.toString());

    LoggedRequest created =
        cloudflare
            .findAll(
                postRequestedFor(urlPathEqualTo(CF_PROJECT + "/deployments"))
                    .withRequestBody(notContaining("name=\"branch\"")))
            .get(0);
    String body = created.getBodyAsString();
    String marker = "name=\"manifest\"\r\n\r\n";
    int start = body.indexOf(marker) + marker.length();
    JsonNode manifest = Api.JSON.readTree(body.substring(start, body.indexOf("\r\n--", start)));
    assertEquals(2, manifest.size(), manifest.toString());
    assertEquals(pagesKey("index.html", INDEX), manifest.path("/index.html").asText());
    assertEquals(pagesKey("assets/app.js", APP), manifest.path("/assets/app.js").asText());
  }

  @Test
  void aCloudflarePreviewIsABranchAndItsFailedBuildIsShown() throws Exception {
    Session max = Accounts.newUser(anon, "cf-max");
    cloudflareCredentials(max);
    String site = newProject(max, "Pages Preview");
    put(max, site, "index.html", INDEX);
    put(max, site, "assets/app.js", APP);
    Api.Res res =
        max.api()
            .post(
                "/api/v1/deployments",
                Map.of("project_id", site, "provider", "cloudflare", "target", "preview"));
    assertEquals(202, res.status(), res.toString());
    JsonNode failed = until(max, res.json().path("deployment_id").asText(), "ready", "error");
    assertEquals("error", failed.path("status").asText(), failed.toString());
    assertTrue(failed.path("log").asText().contains("build"), failed.toString());
    JsonNode t = task(max, res.json().path("task_id").asText());
    assertEquals("failed", t.path("status").asText(), t.toString());
  }
}
