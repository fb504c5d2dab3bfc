package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AppServers;
import dev.atelier.testkit.AtelierServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same {@code atelier.war} on an application server, touching every family once: identity and
 * tenancy, API keys, projects and their files, agents, a run and a chat (server-sent events and
 * WebSocket) on a fake model provider, automations, MCP, the kanban plugin, billing (stripe-java in
 * the billing-stripe plugin against a fake Stripe, a signed webhook, a run charged), mail over SMTP
 * with the server's Jakarta Mail (verification and reset), two-factor sign-in (TOTP, its QR code),
 * the documentation and the plugin list. The thorough tests of each family run on {@code
 * atelier.jar}; these show that nothing of it depends on Payara Micro. Subclasses name the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AppServerSuite {

  private static final String STRIPE_SECRET = "whsec_suite";

  private final AppServers.Kind kind;
  private WireMockServer stripe;
  private final Map<String, String> env;
  private AgentServer agents;
  private Session ada;
  private GreenMail smtp;

  AppServerSuite(AppServers.Kind kind, Map<String, String> env) {
    this.kind = kind;
    this.env = env;
  }

  @BeforeAll
  void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, String> withMail = new HashMap<>(env);
    withMail.put("ATELIER_MAIL_SMTP_HOST", "127.0.0.1");
    withMail.put("ATELIER_MAIL_SMTP_PORT", Integer.toString(port));
    withMail.put("ATELIER_MAIL_FROM", "atelier@suite.test");
    stripe = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    stripe.start();
    Map<String, String> all = new HashMap<>(withMail);
    all.put("ATELIER_BILLING_CREDITS_PER_USD", "1000000");
    all.put("ATELIER_PLUGIN_BILLING_STRIPE_API_BASE", "http://127.0.0.1:" + stripe.port());
    all.put("ATELIER_PLUGIN_BILLING_STRIPE_SECRET_KEY", "sk_test_suite");
    all.put("ATELIER_PLUGIN_BILLING_STRIPE_WEBHOOK_SECRET", STRIPE_SECRET);
    agents = AgentServer.launch("suite", all, kind);
    ada = agents.configured("ada");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (agents != null) {
        agents.close();
      }
    } finally {
      if (stripe != null) {
        stripe.stop();
      }
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  /** The text of the first mail to {@code to} that has {@code pattern}, waiting up to 30 s. */
  private String mailed(String to, Pattern pattern) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        String text = ((MimeMultipart) m.getContent()).getBodyPart(0).getContent().toString();
        Matcher found = pattern.matcher(text);
        if (m.getAllRecipients()[0].toString().equals(to) && found.find()) {
          return found.group();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no mail to " + to + " with " + pattern);
  }

  @Test
  void twoFactorSignInWithTotpAndItsQrCode() throws Exception {
    Session cal = Accounts.newUser(agents.anon, "cal");
    Api.Res enrolment = cal.api().post("/api/v1/users/me/2fa/totp", Map.of());
    assertEquals(200, enrolment.status(), enrolment.toString());
    assertTrue(enrolment.json().path("qr_png_base64").asText().startsWith("iVBORw0KGgo"));
    String secret = enrolment.json().path("secret").asText();
    long step = TotpCodes.now();
    Api.Res confirmed =
        cal.api()
            .post(
                "/api/v1/users/me/2fa/totp/confirm", Map.of("code", TotpCodes.code(secret, step)));
    assertEquals(200, confirmed.status(), confirmed.toString());
    Api.Res login =
        agents.anon.post(
            "/api/v1/auth/login", Map.of("email", cal.email(), "password", Accounts.PASSWORD));
    assertTrue(login.json().path("mfa_required").asBoolean(), login.toString());
    Api.Res done =
        agents.anon.post(
            "/api/v1/auth/2fa/verify",
            Map.of(
                "mfa_token",
                login.json().path("mfa_token").asText(),
                "method",
                "totp",
                "code",
                TotpCodes.code(secret, step + 1)));
    assertEquals(200, done.status(), done.toString());
    assertFalse(done.json().path("access_token").asText().isEmpty());
  }

  @Test
  void mailGoesOutOverSmtpForVerificationAndReset() throws Exception {
    Session bea = Accounts.newUser(agents.anon, "bea");
    String verify = mailed(bea.email(), Pattern.compile("atv_[A-Za-z0-9_-]{43}"));
    assertEquals(204, agents.anon.post("/api/v1/auth/verify", Map.of("token", verify)).status());
    assertTrue(
        bea.api().get("/api/v1/users/me").json().path("user").path("email_verified").asBoolean());
    assertEquals(
        202,
        agents.anon.post("/api/v1/auth/forgot-password", Map.of("email", bea.email())).status());
    String reset = mailed(bea.email(), Pattern.compile("atp_[A-Za-z0-9_-]{43}"));
    Api.Res done =
        agents.anon.post(
            "/api/v1/auth/reset-password",
            Map.of("token", reset, "password", "another sturdy passphrase"));
    assertEquals(204, done.status(), done.toString());
    Accounts.login(agents.anon, bea.email(), "another sturdy passphrase");
  }

  /** An anonymous client of the server under test. */
  Api agentsAnon() {
    return agents.anon;
  }

  private String project(Session s, String name) {
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", name));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  @Test
  void everyBundledPluginIsStarted() {
    Session root =
        Accounts.login(agents.anon, AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    Api.Res res = root.api().get("/api/v1/admin/plugins");
    assertEquals(200, res.status(), res.toString());
    List<String> started = new ArrayList<>();
    for (JsonNode p : res.json().path("items")) {
      assertEquals("STARTED", p.path("state").asText(), p.toString());
      started.add(p.path("id").asText());
    }
    assertEquals(
        List.of(
            "billing-stripe",
            "deploy-cloudflare",
            "deploy-netlify",
            "deploy-vercel",
            "git-bitbucket",
            "git-github",
            "git-gitlab",
            "kanban",
            "marketplace",
            "model-anthropic",
            "model-openai",
            "slack"),
        started.stream().sorted().toList());
  }

  @Test
  void usersSignInRefreshSwitchWorkspacesAndSignOut() {
    Session bob = Accounts.newUser(agents.anon, "bob");
    Api.Res me = bob.api().get("/api/v1/users/me");
    assertEquals(200, me.status(), me.toString());
    assertEquals(bob.email(), me.json().path("user").path("email").asText(), me.toString());

    Api.Res refreshed =
        agents.anon.post("/api/v1/auth/refresh", Map.of("refresh_token", bob.refreshToken()));
    assertEquals(200, refreshed.status(), refreshed.toString());

    Api.Res team = bob.api().post("/api/v1/tenants", Map.of("name", "Bob's team"));
    assertEquals(201, team.status(), team.toString());
    Api.Res switched =
        bob.api()
            .post(
                "/api/v1/auth/switch-tenant", Map.of("tenant_id", team.json().path("id").asText()));
    assertEquals(200, switched.status(), switched.toString());
    Api.Res current =
        bob.api()
            .withToken(switched.json().path("access_token").asText())
            .get("/api/v1/tenants/current");
    assertEquals("Bob's team", current.json().path("name").asText(), current.toString());

    assertEquals(204, bob.api().post("/api/v1/auth/logout", Map.of()).status());
    assertProblem(bob.api().get("/api/v1/users/me"), 401, "unauthorized");
  }

  @Test
  void projectsAreIsolatedAndApiKeysActForTheirWorkspace() {
    Session carol = Accounts.newUser(agents.anon, "carol");
    String id = project(carol, "Carol's");
    assertProblem(ada.api().get("/api/v1/projects/" + id), 404, "not_found");

    Api.Res key = carol.api().post("/api/v1/api-keys", Map.of("name", "ci"));
    assertEquals(201, key.status(), key.toString());
    Api asKey = agents.anon.withApiKey(key.json().path("key").asText());
    Api.Res listed = asKey.get("/api/v1/projects");
    assertEquals(200, listed.status(), listed.toString());
    assertEquals(id, listed.json().path("items").get(0).path("id").asText(), listed.toString());

    assertEquals(
        204, carol.api().delete("/api/v1/api-keys/" + key.json().path("id").asText()).status());
    assertProblem(asKey.get("/api/v1/projects"), 401, "unauthorized");
  }

  @Test
  void projectFilesAreWrittenReadAndListed() {
    String id = project(ada, "Files");
    String files = "/api/v1/projects/" + id + "/files/";
    Api.Res put = ada.api().put(files + "docs/readme.md", Map.of("content", "# Hello"));
    assertEquals(201, put.status(), put.toString());
    Api.Res read = ada.api().get(files + "docs/readme.md");
    assertEquals(200, read.status(), read.toString());
    assertTrue(read.text().contains("# Hello"), read.toString());
    Api.Res tree = ada.api().get("/api/v1/projects/" + id + "/files?recursive=true");
    assertTrue(tree.text().contains("docs/readme.md"), tree.toString());
  }

  @Test
  void gitClonesCommitsAndPushesThroughJGit() throws Exception {
    java.nio.file.Path temp = java.nio.file.Files.createTempDirectory("suite-git");
    try (GitServer git = new GitServer(temp.resolve("served"))) {
      org.eclipse.jgit.lib.Repository bare = git.create("suite");
      try (org.eclipse.jgit.api.Git work =
          org.eclipse.jgit.api.Git.cloneRepository()
              .setURI(bare.getDirectory().toURI().toString())
              .setDirectory(temp.resolve("work").toFile())
              .call()) {
        work.checkout().setOrphan(true).setName("main").call();
        java.nio.file.Files.writeString(temp.resolve("work/readme.md"), "# suite\n");
        work.add().addFilepattern(".").call();
        work.commit().setMessage("first").setSign(false).call();
        work.push()
            .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main"))
            .call();
      }
      String id = project(ada, "Git");
      ada.api()
          .put("/api/v1/projects/" + id + "/secrets/GIT_TOKEN", Map.of("value", GitServer.TOKEN));
      String clone =
          taskOf(
              ada.api()
                  .post(
                      "/api/v1/git/clone",
                      Map.of("project_id", id, "url", git.url("suite"), "secret", "GIT_TOKEN")));
      assertEquals("succeeded", taskEnd(clone).path("status").asText());
      Api.Res read = ada.api().get("/api/v1/projects/" + id + "/files/readme.md");
      assertTrue(read.text().contains("# suite"), read.toString());
      ada.api().put("/api/v1/projects/" + id + "/files/b.txt", Map.of("content", "b"));
      Api.Res commit =
          ada.api().post("/api/v1/git/commit", Map.of("project_id", id, "message", "b"));
      assertEquals(201, commit.status(), commit.toString());
      String push = taskOf(ada.api().post("/api/v1/git/push", Map.of("project_id", id)));
      assertEquals("succeeded", taskEnd(push).path("status").asText());
      assertEquals(commit.json().path("id").asText(), bare.resolve("refs/heads/main").name());
    }
  }

  private static String taskOf(Api.Res res) {
    assertEquals(202, res.status(), res.toString());
    return res.json().path("task_id").asText();
  }

  private com.fasterxml.jackson.databind.JsonNode taskEnd(String taskId) throws Exception {
    for (int i = 0; i < 600; i++) {
      var t = ada.api().get("/api/v1/tasks/" + taskId).json();
      String status = t.path("status").asText();
      if (!status.equals("queued") && !status.equals("running")) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task " + taskId + " did not end");
  }

  @Test
  void aRunAnswersThroughTheModelProviderPlugin() throws Exception {
    AgentServer.agent(ada, "runner", "[list_files]", "");
    String id = project(ada, "Run");
    Api.Res started =
        ada.api()
            .post(
                "/api/v1/runs",
                Map.of("agent", "runner", "message", "list files", "project_id", id));
    assertEquals(202, started.status(), started.toString());
    JsonNode run =
        AgentServer.until(ada, started.json().path("run_id").asText(), "succeeded", "failed");
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    assertEquals("tool_call", run.path("steps").get(1).path("kind").asText(), run.toString());
  }

  @Test
  void aChatStreamsOverServerSentEventsAndTheWebSocket() throws Exception {
    AgentServer.agent(ada, "talker", "[]", "");
    String id = project(ada, "Chat");
    List<String[]> events =
        agents.chat(ada, Map.of("project_id", id, "agent", "talker", "message", "say hello"), 100);
    assertEquals("message.done", events.get(events.size() - 1)[0]);
    String chatId = Api.JSON.readTree(events.get(0)[1]).path("chat_id").asText();

    String url =
        agents.baseUrl().replace("http://", "ws://")
            + "/api/v1/chat/ws/"
            + chatId
            + "?access_token="
            + ada.accessToken();
    ChatWebSocketIT.Socket socket = ChatWebSocketIT.Socket.open(url, Map.of());
    socket.send(Map.of("type", "message", "message", "say hello again"));
    List<JsonNode> frames = socket.until("message.done");
    assertTrue(
        frames.stream().anyMatch(f -> "message.delta".equals(f.path("type").asText())),
        frames.toString());
    socket.close();
  }

  @Test
  void anAutomationFiresOnItsSchedule() throws Exception {
    AgentServer.agent(ada, "ticker", "[]", "");
    Api.Res created =
        ada.api()
            .post(
                "/api/v1/automations",
                Map.of(
                    "name",
                    "Every second",
                    "cron",
                    "* * * * * *",
                    "timezone",
                    "UTC",
                    "agent",
                    "ticker",
                    "message",
                    "tick"));
    assertEquals(201, created.status(), created.toString());
    String automation = created.json().path("id").asText();
    JsonNode fired = null;
    for (int i = 0; i < 150 && fired == null; i++) {
      JsonNode a = ada.api().get("/api/v1/automations/" + automation).json();
      if (!a.path("last_run_id").isNull() && a.has("last_run_id")) {
        fired = a;
      } else {
        Thread.sleep(200);
      }
    }
    assertTrue(fired != null, "the automation did not fire within 30 s");
    assertEquals(204, ada.api().delete("/api/v1/automations/" + automation).status());
  }

  @Test
  void mcpClientsListProjectsAndReadFiles() {
    String id = project(ada, "Mcp");
    ada.api().put("/api/v1/projects/" + id + "/files/notes.txt", Map.of("content", "remember"));
    Mcp mcp = Mcp.connect(ada.api());
    assertTrue(mcp.ok("list_projects", Map.of()).path("total").asInt() >= 1);
    JsonNode file = mcp.ok("read_file", Map.of("project_id", id, "path", "notes.txt"));
    assertTrue(file.toString().contains("remember"), file.toString());
  }

  @Test
  void theKanbanPluginServesItsRoutes() {
    String id = project(ada, "Board");
    Api.Res column = ada.api().post("/api/v1/kanban/" + id + "/columns", Map.of("name", "To do"));
    assertEquals(201, column.status(), column.toString());
    Api.Res task =
        ada.api()
            .post(
                "/api/v1/kanban/" + id + "/tasks",
                Map.of("column_id", column.json().path("id").asText(), "title", "Deploy"));
    assertEquals(201, task.status(), task.toString());
    Api.Res board = ada.api().get("/api/v1/kanban/" + id);
    assertEquals(200, board.status(), board.toString());
    assertEquals(
        "Deploy",
        board.json().path("columns").get(0).path("tasks").get(0).path("title").asText(),
        board.toString());
    // kanban rows are the workspace's own
    Session other = Accounts.newUser(agents.anon, "other");
    assertProblem(other.api().get("/api/v1/kanban/" + id), 404, "not_found");
  }

  @Test
  void theDocumentationIsServed() throws Exception {
    Api.Res doc = agents.anon.get("/openapi.json", "application/json", true);
    assertEquals(200, doc.status(), doc.toString());
    JsonNode paths = doc.json().path("paths");
    assertTrue(paths.has("/api/v1/projects"), "core operations: " + paths.size());
    assertTrue(paths.has("/api/v1/kanban/{project_id}"), "plugin operations: " + paths.size());
    // the same document at /openapi, where the server would otherwise serve its own
    Api.Res yaml = agents.anon.get("/openapi", "application/yaml", false);
    assertEquals(200, yaml.status(), yaml.toString());
    assertTrue(yaml.text().startsWith("openapi: 3.1.0"), yaml.text().substring(0, 40));
    Api.Res docs = agents.anon.get("/docs", "text/html", false);
    assertEquals(200, docs.status(), docs.toString());
    assertTrue(docs.text().contains("swagger-ui"), docs.toString());
  }

  @Test
  void badInputIsAProblem() {
    assertProblem(ada.api().post("/api/v1/projects", "{not json"), 400, "malformed_json");
    assertProblem(ada.api().post("/api/v1/projects", Map.of("name", "")), 422, "validation_error");
    assertProblem(agents.anon.get("/api/v1/projects"), 401, "unauthorized");
    assertFalse(agents.anon.get("/api/v1/no-such-thing").status() == 500);
  }

  @Test
  void billingSellsThroughStripeAndChargesRuns() throws Exception {
    Session root =
        Accounts.login(agents.anon, AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    Api.Res plan =
        root.api()
            .put(
                "/api/v1/admin/billing/plans/suite",
                Map.of(
                    "name", "Suite",
                    "stripe_price_id", "price_suite",
                    "interval", "month",
                    "monthly_credits", 100,
                    "overage", false));
    assertEquals(200, plan.status(), plan.toString());
    Api.Res plans = agents.anon.get("/api/v1/billing/plans");
    assertEquals(200, plans.status(), plans.toString());

    // stripe-java, from the plugin's own lib/, calls the fake Stripe
    Session bea = agents.configured("bea");
    stripe.stubFor(
        post(urlEqualTo("/v1/customers"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"cus_suite\",\"object\":\"customer\",\"livemode\":false,"
                            + "\"metadata\":{}}")));
    stripe.stubFor(
        post(urlEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"cs_test_suite\",\"object\":\"checkout.session\","
                            + "\"mode\":\"subscription\",\"livemode\":false,"
                            + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_suite\"}")));
    Api.Res checkout =
        bea.api()
            .post(
                "/api/v1/billing/checkout",
                Map.of(
                    "plan", "suite",
                    "success_url", "https://app.example.com/ok",
                    "cancel_url", "https://app.example.com/no"));
    assertEquals(200, checkout.status(), checkout.toString());
    assertEquals("cs_test_suite", checkout.json().path("session_id").asText());

    // Stripe's events, signed as Stripe signs them: bea is on the plan with its credits
    long now = System.currentTimeMillis() / 1000;
    String tenant = bea.tenantId();
    for (String body :
        List.of(
            BillingIT.event(
                "evt_suite_sub",
                "customer.subscription.created",
                now,
                BillingIT.subscription("sub_suite", tenant, "price_suite", "active", now + 86400)),
            BillingIT.event(
                "evt_suite_inv",
                "invoice.paid",
                now,
                BillingIT.invoice("in_suite", tenant, "sub_suite", "price_suite")))) {
      String sig = "t=" + now + ",v1=" + BillingIT.sign(STRIPE_SECRET, now, body);
      Api.Res res =
          agents
              .anon
              .withHeader("Stripe-Signature", sig)
              .send("POST", "/api/v1/webhooks/billing-stripe/events", body, "application/json");
      assertEquals(200, res.status(), res.toString());
    }
    assertProblem(
        agents
            .anon
            .withHeader("Stripe-Signature", "t=" + now + ",v1=00")
            .send("POST", "/api/v1/webhooks/billing-stripe/events", "{}", "application/json"),
        400,
        "bad_signature");
    JsonNode credits = null;
    for (int i = 0; i < 300; i++) {
      credits = bea.api().get("/api/v1/billing/credits").json();
      if (credits.path("balance").asLong() == 100) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(100, credits.path("balance").asLong(), credits.toString());
    assertEquals("suite", credits.path("plan").asText());

    // a run is charged: 12 + 5 tokens at 1.00/2.00 USD per million, a million credits a dollar
    AgentServer.agent(bea, "greeter", "[]", "");
    Api.Res run =
        bea.api().post("/api/v1/runs", Map.of("agent", "greeter", "message", "say hello"));
    assertEquals(202, run.status(), run.toString());
    JsonNode done =
        AgentServer.until(bea, run.json().path("run_id").asText(), "succeeded", "failed");
    assertEquals("succeeded", done.path("status").asText(), done.toString());
    JsonNode ledger = bea.api().get("/api/v1/billing/transactions").json();
    assertEquals(2, ledger.path("total").asLong(), ledger.toString());
    assertEquals(-22, ledger.path("items").get(0).path("amount").asLong(), ledger.toString());
    assertEquals(78, bea.api().get("/api/v1/billing/credits").json().path("balance").asLong());
  }
}
