package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin host with real plugin archives: a server of its own is started over a plugins folder
 * holding plugins compiled during the test against the plugin API jar alone (a good one, the same
 * id again, one requiring a future plugin API, one that fails to start, one without a descriptor).
 * The bundled plugins load too.
 */
class PluginHostIT {

  private static AtelierServer.Running server;
  private static Api anon;
  private static Session root;
  private static Session ada;
  private static Session bob;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("atelier.test.workdir", "target/system-test"));
    Files.createDirectories(work);
    Path plugins = Files.createTempDirectory(work.toAbsolutePath(), "plugins-");
    Map<String, String> good = PluginArchives.manifest("greeter", ">=1.0.0 & <2.0.0", null);
    PluginArchives.build("greeter", good, plugins, "greeter.jar");
    PluginArchives.build("greeter", good, plugins, "zz-greeter-again.jar");
    PluginArchives.build(
        null, PluginArchives.manifest("futuristic", ">=2.0.0", null), plugins, "futuristic.jar");
    PluginArchives.build(
        "failing",
        PluginArchives.manifest("failing", "^1.0.0", "dev.atelier.test.failing.FailingPlugin"),
        plugins,
        "failing.jar");
    PluginArchives.build(
        "sneaky",
        PluginArchives.manifest("sneaky", "^1.0.0", "dev.atelier.test.sneaky.SneakyPlugin"),
        plugins,
        "sneaky.jar");
    PluginArchives.build(
        "hidden",
        PluginArchives.manifest("hidden", "^1.0.0", "dev.atelier.test.hidden.HiddenPlugin"),
        plugins,
        "hidden.jar");
    PluginArchives.build(null, Map.of("Created-By", "hand"), plugins, "no-descriptor.jar");
    Files.writeString(plugins.resolve("notes.txt"), "not a plugin");

    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_PLUGINS_DIR", plugins.toString());
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_PLUGIN_GREETER_GREETING", "howdy");
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server = AtelierServer.launch("plugins", env, List.of("--nocluster"), db);
    anon = Api.at(server.baseUrl());
    root = Accounts.login(anon, AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    ada = Accounts.newUser(anon, "ada");
    bob = Accounts.newUser(anon, "bob");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static JsonNode plugin(JsonNode list, String archive) {
    for (JsonNode p : list.path("items")) {
      if (archive.equals(p.path("archive").asText())) {
        return p;
      }
    }
    throw new AssertionError("No plugin from " + archive + " in " + list);
  }

  @Test
  void everyArchiveIsListedWithItsState() {
    Api.Res res = root.api().get("/api/v1/admin/plugins");
    assertEquals(200, res.status(), res.toString());
    JsonNode list = res.json();
    assertEquals("1.1.0", list.path("plugin_api_version").asText(), res.toString());

    JsonNode greeter = plugin(list, "greeter.jar");
    assertEquals("STARTED", greeter.path("state").asText(), greeter.toString());
    assertEquals("greeter", greeter.path("id").asText());
    assertEquals("1.2.3", greeter.path("version").asText());
    assertEquals("Test Provider", greeter.path("provider").asText());
    assertEquals(">=1.0.0 & <2.0.0", greeter.path("requires").asText());
    assertFalse(greeter.path("bundled").asBoolean());
    assertTrue(greeter.path("error").isNull(), greeter.toString());

    JsonNode again = plugin(list, "zz-greeter-again.jar");
    assertEquals("FAILED", again.path("state").asText(), again.toString());
    assertTrue(again.path("error").asText().contains("Duplicate"), again.toString());

    JsonNode future = plugin(list, "futuristic.jar");
    assertEquals("INCOMPATIBLE", future.path("state").asText(), future.toString());
    assertTrue(future.path("error").asText().contains(">=2.0.0"), future.toString());

    JsonNode failing = plugin(list, "failing.jar");
    assertEquals("FAILED", failing.path("state").asText(), failing.toString());
    assertTrue(
        failing.path("error").asText().contains("cannot reach the moon"), failing.toString());

    assertEquals("FAILED", plugin(list, "no-descriptor.jar").path("state").asText());

    // a plugin that links a core class is refused before it loads, naming the class
    JsonNode sneaky = plugin(list, "sneaky.jar");
    assertEquals("FAILED", sneaky.path("state").asText(), sneaky.toString());
    assertTrue(
        sneaky.path("error").asText().contains("links dev.atelier.core.platform.Version"),
        sneaky.toString());
    // the host's other libraries are not visible to plugins either
    JsonNode hidden = plugin(list, "hidden.jar");
    assertEquals("FAILED", hidden.path("state").asText(), hidden.toString());
    assertTrue(
        hidden.path("error").asText().contains("com.zaxxer.hikari.HikariConfig is not visible"),
        hidden.toString());

    for (String bundled :
        List.of(
            "kanban.jar",
            "model-openai.jar",
            "model-anthropic.jar",
            "slack.jar",
            "billing-stripe.zip",
            "deploy-vercel.jar",
            "marketplace.zip",
            "git-github.jar",
            "deploy-netlify.jar",
            "git-gitlab.jar",
            "git-bitbucket.jar",
            "deploy-cloudflare.zip")) {
      JsonNode p = plugin(list, bundled);
      assertEquals("STARTED", p.path("state").asText(), p.toString());
      assertTrue(p.path("bundled").asBoolean(), p.toString());
    }
    // seven archives of the folder (notes.txt is not a plugin) and the twelve bundled plugins:
    // kanban, the two model providers (model-openai, model-anthropic), slack, billing-stripe,
    // deploy-vercel, deploy-netlify, deploy-cloudflare, marketplace and the git providers
    // git-github, git-gitlab and git-bitbucket
    assertEquals(19, list.path("items").size(), "notes.txt is not a plugin: " + list);
  }

  @Test
  void onlySuperusersSeeThePlugins() {
    assertProblem(ada.api().get("/api/v1/admin/plugins"), 403, "forbidden");
    assertProblem(anon.get("/api/v1/admin/plugins"), 401, "unauthorized");
  }

  @Test
  void pluginRoutesRunBehindTheCorePipeline() {
    Api.Res hello = ada.api().get("/api/v1/greeter/hello");
    assertEquals(200, hello.status(), hello.toString());
    assertEquals(ada.tenantId(), hello.json().path("tenant_id").asText());
    assertEquals(ada.userId(), hello.json().path("user_id").asText());
    assertEquals("admin", hello.json().path("role").asText());
    assertEquals("howdy", hello.json().path("word").asText(), "configuration reaches the plugin");
    assertTrue(hello.header("X-RateLimit-Limit") != null, "rate limited like core routes");

    assertProblem(anon.get("/api/v1/greeter/hello"), 401, "unauthorized");
    Api.Res shout = ada.api().post("/api/v1/greeter/shouts", Map.of("text", "hi"));
    assertEquals(201, shout.status(), shout.toString());
    assertEquals("HI", shout.json().path("message").asText());
    assertInvalid(ada.api().post("/api/v1/greeter/shouts", Map.of("text", "")), "text");
    assertProblem(
        ada.api().send("POST", "/api/v1/greeter/shouts", "{\"text\":", "application/json"),
        400,
        "malformed_json");

    Session viewer = Accounts.joinAs(ada, Accounts.newUser(anon, "viewer"), "viewer");
    assertEquals(200, viewer.api().get("/api/v1/greeter/hello").status());
    assertProblem(
        viewer.api().post("/api/v1/greeter/shouts", Map.of("text", "x")), 403, "forbidden");
  }

  @Test
  void pluginErrorsBecomeProblems() {
    Api.Res boom = ada.api().get("/api/v1/greeter/boom");
    assertProblem(boom, 500, "internal_error");
    assertFalse(boom.text().contains("com.example"), "no internals leak: " + boom);
    assertFalse(boom.text().contains("IllegalStateException"), boom.toString());
    assertProblem(ada.api().get("/api/v1/greeter/conflict"), 409, "greeter_busy");
    assertProblem(ada.api().get("/api/v1/greeter/nothing-here"), 404, "not_found");
    // the server goes on serving
    assertEquals(200, ada.api().get("/api/v1/greeter/hello").status());
  }

  @Test
  void pluginsSeeOnlyTheirTenant() {
    Api.Res project = ada.api().post("/api/v1/projects", Map.of("name", "Ada's"));
    assertEquals(201, project.status(), project.toString());
    String id = project.json().path("id").asText();
    Api.Res seen = ada.api().get("/api/v1/greeter/projects/" + id);
    assertEquals(200, seen.status(), seen.toString());
    assertEquals(project.json().path("slug").asText(), seen.json().path("slug").asText());
    assertProblem(bob.api().get("/api/v1/greeter/projects/" + id), 404, "not_found");

    Api.Res put = ada.api().put("/api/v1/greeter/secrets/token", Map.of("value", "s3cret"));
    assertEquals(204, put.status(), put.toString());
    Api.Res read = ada.api().get("/api/v1/greeter/secrets/token");
    assertEquals("s3cret", read.json().path("value").asText(), read.toString());
    assertProblem(bob.api().get("/api/v1/greeter/secrets/token"), 404, "not_found");
  }

  @Test
  void coreEventsReachListenersAfterCommitPerTenant() throws Exception {
    Api.Res project = ada.api().post("/api/v1/projects", Map.of("name", "Evented"));
    String expected = "project.created:" + project.json().path("id").asText();
    JsonNode events = null;
    for (int i = 0; i < 100; i++) {
      events = ada.api().get("/api/v1/greeter/events?limit=500").json();
      if (events.path("items").toString().contains(expected)) {
        break;
      }
      Thread.sleep(100);
    }
    assertTrue(events.path("items").toString().contains(expected), String.valueOf(events));
    assertTrue(events.path("items").toString().contains("tenant.created:" + ada.tenantId()));
    JsonNode others = bob.api().get("/api/v1/greeter/events?limit=500").json();
    assertFalse(others.toString().contains(expected), others.toString());
  }

  @Test
  void aRequestThatFailsPublishesNothing() throws Exception {
    Session frank = Accounts.newUser(anon, "frank");
    Api.Res first = frank.api().post("/api/v1/projects", Map.of("name", "Once", "slug", "once"));
    assertEquals(201, first.status(), first.toString());
    String created = "project.created:" + first.json().path("id").asText();
    for (int i = 0; i < 100 && !projectEvents(frank).contains(created); i++) {
      Thread.sleep(100);
    }
    List<String> before = projectEvents(frank);
    assertTrue(before.contains(created), before.toString());
    Api.Res again = frank.api().post("/api/v1/projects", Map.of("name", "Twice", "slug", "once"));
    assertProblem(again, 409, "slug_taken");
    Thread.sleep(1000);
    assertEquals(before, projectEvents(frank), "the rolled-back create published no event");
  }

  private static List<String> projectEvents(Session s) {
    List<String> out = new java.util.ArrayList<>();
    s.api()
        .get("/api/v1/greeter/events?limit=500")
        .json()
        .path("items")
        .forEach(
            e -> {
              if (e.asText().startsWith("project.created:")) {
                out.add(e.asText());
              }
            });
    return out;
  }

  @Test
  void aTenantSwitchesAFeatureForItselfOnly() {
    Session carol = Accounts.newUser(anon, "carol");
    Session dave = Accounts.newUser(anon, "dave");
    Api.Res list = carol.api().get("/api/v1/tenants/current/features");
    assertEquals(200, list.status(), list.toString());
    assertTrue(list.text().contains("\"key\":\"greeter\""), list.toString());
    assertFalse(list.text().contains("futuristic"), "only started plugins are features");

    Api.Res off =
        carol.api().put("/api/v1/tenants/current/features/greeter", Map.of("enabled", false));
    assertEquals(200, off.status(), off.toString());
    assertFalse(off.json().path("enabled").asBoolean());
    assertEquals("tenant", off.json().path("source").asText());
    assertProblem(carol.api().get("/api/v1/greeter/hello"), 403, "feature_disabled");
    assertEquals(200, dave.api().get("/api/v1/greeter/hello").status(), "other tenants keep it");

    assertEquals(
        200,
        carol
            .api()
            .put("/api/v1/tenants/current/features/greeter", Map.of("enabled", true))
            .status());
    assertEquals(200, carol.api().get("/api/v1/greeter/hello").status());

    Session viewer = Accounts.joinAs(carol, Accounts.newUser(anon, "viewer"), "viewer");
    assertProblem(
        viewer.api().put("/api/v1/tenants/current/features/greeter", Map.of("enabled", false)),
        403,
        "forbidden");
    assertInvalid(carol.api().put("/api/v1/tenants/current/features/greeter", Map.of()), "enabled");
    assertProblem(
        carol.api().put("/api/v1/tenants/current/features/futuristic", Map.of("enabled", true)),
        404,
        "not_found");
  }

  @Test
  void thePlatformSetsDefaultsAndLocksFeatures() {
    Session erin = Accounts.newUser(anon, "erin");
    assertProblem(
        erin.api().put("/api/v1/admin/features/greeter", Map.of("enabled_by_default", false)),
        403,
        "forbidden");
    Api.Res locked =
        root.api()
            .put(
                "/api/v1/admin/features/greeter",
                Map.of("enabled_by_default", false, "tenant_can_toggle", false));
    assertEquals(200, locked.status(), locked.toString());
    try {
      assertProblem(erin.api().get("/api/v1/greeter/hello"), 403, "feature_disabled");
      assertProblem(
          erin.api().put("/api/v1/tenants/current/features/greeter", Map.of("enabled", true)),
          403,
          "forbidden");
      Api.Res listed = root.api().get("/api/v1/admin/features");
      assertTrue(listed.text().contains("\"enabled_by_default\":false"), listed.toString());
    } finally {
      root.api()
          .put(
              "/api/v1/admin/features/greeter",
              Map.of("enabled_by_default", true, "tenant_can_toggle", true));
    }
    assertEquals(200, erin.api().get("/api/v1/greeter/hello").status());
    assertInvalid(
        root.api().put("/api/v1/admin/features/greeter", Map.of()),
        "enabled_by_default",
        "tenant_can_toggle");
    assertProblem(
        root.api()
            .put(
                "/api/v1/admin/features/nope",
                Map.of("enabled_by_default", true, "tenant_can_toggle", true)),
        404,
        "not_found");
  }

  @Test
  void webhooksReachTheirPlugin() {
    Api.Res ok =
        anon.withHeader("X-Greeter-Signature", "good")
            .send("POST", "/api/v1/webhooks/greeter/ping", "abc", "text/plain");
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(3, ok.json().path("received").asInt());
    assertProblem(
        anon.send("POST", "/api/v1/webhooks/greeter/ping", "abc", "text/plain"),
        401,
        "bad_signature");
    assertProblem(
        anon.send("POST", "/api/v1/webhooks/greeter/nope", "x", "text/plain"), 404, "not_found");
    assertProblem(
        anon.send("POST", "/api/v1/webhooks/failing/ping", "x", "text/plain"), 404, "not_found");
  }

  @Test
  void outboundCallsRefusePrivateAddresses() {
    assertProblem(
        ada.api().get("/api/v1/greeter/outbound?url=http://127.0.0.1:8080/"),
        422,
        "url_not_allowed");
    assertProblem(
        ada.api().get("/api/v1/greeter/outbound?url=http://169.254.169.254/latest"),
        422,
        "url_not_allowed");
    assertProblem(
        ada.api().get("/api/v1/greeter/outbound?url=file:///etc/passwd"), 422, "url_not_allowed");
  }

  @Test
  void pluginRoutesAreInTheOpenApiDocument() throws Exception {
    Api.Res doc = anon.get("/openapi.json", "application/json", true);
    assertEquals(200, doc.status());
    JsonNode shouts = doc.json().path("paths").path("/api/v1/greeter/shouts").path("post");
    assertEquals("Shouts a text back", shouts.path("summary").asText(), shouts.toString());
    // protected by the document's security (the greeter's route is not public)
    assertFalse(shouts.has("security"), shouts.toString());
    assertFalse(doc.json().path("security").isEmpty(), "the document's security");
    assertTrue(shouts.path("responses").has("422"), shouts.toString());
    assertTrue(
        shouts
            .path("responses")
            .path("403")
            .path("description")
            .asText()
            .contains("feature_disabled"));
    assertEquals(
        "#/components/schemas/Shout",
        shouts
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("schema")
            .path("$ref")
            .asText());
    JsonNode greeting = doc.json().path("components").path("schemas").path("Greeting");
    assertTrue(greeting.path("properties").has("tenant_id"), greeting.toString());
    JsonNode events = doc.json().path("paths").path("/api/v1/greeter/events").path("get");
    assertTrue(events.path("parameters").toString().contains("limit"), events.toString());
  }
}
