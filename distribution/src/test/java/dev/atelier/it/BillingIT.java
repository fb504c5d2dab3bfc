package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Concurrently;
import dev.atelier.testkit.Features;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Billing end to end on a server of its own: the billing-stripe plugin against a fake Stripe API
 * (WireMock, answering in Stripe's wire format), Stripe's webhook with bodies signed here exactly
 * as Stripe signs them, and runs on a fake model provider charged to the workspace's credits.
 */
class BillingIT {

  private static final String SECRET =
      "whsec_test_" + UUID.randomUUID().toString().replace("-", "");
  private static final String OLD_SECRET =
      "whsec_old_" + UUID.randomUUID().toString().replace("-", "");
  private static final String WEBHOOK = "/api/v1/webhooks/billing-stripe/events";

  /** One fake model call: 12 input and 5 output tokens at 1.00/2.00 USD per million. */
  private static final long CALL = 22;

  private static WireMockServer stripe;
  private static AgentServer agents;
  private static Api anon;
  private static Session root;

  @BeforeAll
  static void start() throws Exception {
    stripe = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    stripe.start();
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_RATE_LIMIT_RUNS_PER_MINUTE", "1000");
    // Stripe's deliveries and the tests' polling come from one address
    env.put("ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE", "100000");
    env.put("ATELIER_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "100000");
    env.put("ATELIER_RATE_LIMIT_LOGIN_ATTEMPTS_PER_IP", "1000");
    env.put("ATELIER_BILLING_CREDITS_PER_USD", "1000000");
    env.put("ATELIER_PLUGIN_BILLING_STRIPE_API_BASE", "http://127.0.0.1:" + stripe.port());
    env.put("ATELIER_PLUGIN_BILLING_STRIPE_SECRET_KEY", "sk_test_fake");
    env.put("ATELIER_PLUGIN_BILLING_STRIPE_WEBHOOK_SECRET", SECRET + "," + OLD_SECRET);
    env.put("ATELIER_PLUGIN_BILLING_STRIPE_CREDIT_PACKAGES", "small=price_small:1000");
    agents = AgentServer.launch("billing", env);
    anon = agents.anon;
    root = Accounts.login(anon, AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (agents != null) {
        agents.close();
      }
    } finally {
      if (stripe != null) {
        stripe.stop();
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** A plan sold at a new price: its key and price id. */
  private static String[] plan(long monthlyCredits, boolean overage) {
    return plan(monthlyCredits, overage, Map.of("runs_per_day", 100));
  }

  /** A plan with {@code limits}, sold at a new price: its key and price id. */
  private static String[] plan(long monthlyCredits, boolean overage, Map<String, ?> limits) {
    String key = unique("plan-");
    String price = unique("price_");
    Api.Res res =
        root.api()
            .put(
                "/api/v1/admin/billing/plans/" + key,
                Map.of(
                    "name",
                    "Plan " + key,
                    "stripe_price_id",
                    price,
                    "interval",
                    "month",
                    "monthly_credits",
                    monthlyCredits,
                    "overage",
                    overage,
                    "limits",
                    limits,
                    "features",
                    List.of("priority")));
    assertEquals(200, res.status(), res.toString());
    return new String[] {key, price};
  }

  static String sign(String secret, long t, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  private static Api.Res deliver(String body, String signatureHeader) {
    Api api = signatureHeader == null ? anon : anon.withHeader("Stripe-Signature", signatureHeader);
    return api.send("POST", WEBHOOK, body, "application/json");
  }

  /** Delivers {@code body} signed as Stripe signs it, now. */
  private static Api.Res deliver(String body) throws Exception {
    long t = System.currentTimeMillis() / 1000;
    return deliver(body, "t=" + t + ",v1=" + sign(SECRET, t, body));
  }

  static String event(String id, String type, long created, String object) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":"
        + created
        + ",\"data\":{\"object\":"
        + object
        + "},\"livemode\":false,\"pending_webhooks\":1,"
        + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\""
        + type
        + "\"}";
  }

  static String subscription(
      String id, String tenant, String price, String status, long periodEnd) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"subscription\",\"customer\":\"cus_"
        + tenant.substring(0, 8)
        + "\",\"status\":\""
        + status
        + "\",\"cancel_at_period_end\":false,\"currency\":\"usd\",\"livemode\":false,"
        + "\"metadata\":{\"tenant_id\":\""
        + tenant
        + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\","
        + "\"object\":\"subscription_item\",\"current_period_start\":"
        + (periodEnd - 2592000)
        + ",\"current_period_end\":"
        + periodEnd
        + ",\"quantity\":1,\"price\":{\"id\":\""
        + price
        + "\",\"object\":\"price\",\"currency\":\"usd\",\"unit_amount\":2000,"
        + "\"recurring\":{\"interval\":\"month\",\"interval_count\":1}}}],"
        + "\"has_more\":false,\"url\":\"/v1/subscription_items?subscription="
        + id
        + "\"}}";
  }

  static String invoice(String id, String tenant, String subscription, String price) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"invoice\",\"customer\":\"cus_"
        + tenant.substring(0, 8)
        + "\",\"status\":\"paid\",\"amount_paid\":2000,\"amount_due\":2000,\"currency\":\"usd\","
        + "\"billing_reason\":\"subscription_cycle\",\"livemode\":false,\"metadata\":{},"
        + "\"parent\":{\"type\":\"subscription_details\",\"quote_details\":null,"
        + "\"subscription_details\":{\"metadata\":{\"tenant_id\":\""
        + tenant
        + "\"},\"subscription\":\""
        + subscription
        + "\"}},\"lines\":{\"object\":\"list\",\"data\":[{\"id\":\"il_1\",\"object\":\"line_item\","
        + "\"amount\":2000,\"currency\":\"usd\",\"quantity\":1,\"pricing\":{\"type\":\"price_details\","
        + "\"price_details\":{\"price\":\""
        + price
        + "\",\"product\":\"prod_1\"},\"unit_amount_decimal\":\"2000\"}}],\"has_more\":false}}";
  }

  /** Puts the session's workspace on a plan through Stripe's events, and grants its credits. */
  private static void subscribe(Session s, String[] plan) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String sub = unique("sub_");
    assertEquals(
        200,
        deliver(
                event(
                    unique("evt_"),
                    "customer.subscription.created",
                    now,
                    subscription(sub, s.tenantId(), plan[1], "active", now + 2592000)))
            .status());
    assertEquals(
        200,
        deliver(
                event(
                    unique("evt_"),
                    "invoice.paid",
                    now,
                    invoice(unique("in_"), s.tenantId(), sub, plan[1])))
            .status());
    credits(s, c -> plan[0].equals(c.path("plan").asText()) && c.path("balance").asLong() > 0);
  }

  /** Polls the workspace's credits until {@code done} holds; 30 s at most. */
  private static JsonNode credits(Session s, Predicate<JsonNode> done) throws Exception {
    JsonNode c = null;
    for (int i = 0; i < 300; i++) {
      Api.Res res = s.api().get("/api/v1/billing/credits");
      assertEquals(200, res.status(), res.toString());
      c = res.json();
      if (done.test(c)) {
        return c;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("credits never got there: " + c);
  }

  private static JsonNode transactions(Session s) {
    Api.Res res = s.api().get("/api/v1/billing/transactions?limit=500");
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  private static String startRun(Session s, String agent, String message) {
    Api.Res res = s.api().post("/api/v1/runs", Map.of("agent", agent, "message", message));
    assertEquals(202, res.status(), res.toString());
    return res.json().path("run_id").asText();
  }

  private static Map<String, String> form(LoggedRequest r) {
    Map<String, String> out = new HashMap<>();
    for (String pair : r.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void stubStripe(String tenant) {
    String customer = "cus_" + tenant.substring(0, 8);
    stripe.stubFor(
        post(urlEqualTo("/v1/customers"))
            .withRequestBody(containing(tenant))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_" + tenant.substring(0, 8))
                    .withBody(
                        "{\"id\":\""
                            + customer
                            + "\",\"object\":\"customer\",\"created\":1733300000,"
                            + "\"email\":null,\"livemode\":false,\"metadata\":{\"tenant_id\":\""
                            + tenant
                            + "\"}}")));
    stripe.stubFor(
        post(urlEqualTo("/v1/checkout/sessions"))
            .withRequestBody(containing(tenant))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"cs_test_"
                            + tenant.substring(0, 8)
                            + "\",\"object\":\"checkout.session\",\"mode\":\"subscription\","
                            + "\"status\":\"open\",\"payment_status\":\"unpaid\","
                            + "\"customer\":\""
                            + customer
                            + "\",\"client_reference_id\":\""
                            + tenant
                            + "\",\"livemode\":false,\"metadata\":{\"tenant_id\":\""
                            + tenant
                            + "\"},\"url\":\"https://checkout.stripe.com/c/pay/cs_test_"
                            + tenant.substring(0, 8)
                            + "\"}")));
    stripe.stubFor(
        post(urlEqualTo("/v1/billing_portal/sessions"))
            .withRequestBody(containing(customer))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"bps_1\",\"object\":\"billing_portal.session\","
                            + "\"customer\":\""
                            + customer
                            + "\",\"livemode\":false,\"created\":1733300000,"
                            + "\"return_url\":\"https://app.example.com/billing\","
                            + "\"url\":\"https://billing.stripe.com/p/session/test_"
                            + tenant.substring(0, 8)
                            + "\"}")));
  }

  // ---- plan limits and the free plan's monthly credits -----------------------------------------

  @Test
  void aPlanLimitsWhatAWorkspaceHoldsAndHowManyRunsItStartsADay() throws Exception {
    Session ada = agents.configured("limited");
    AgentServer.agent(ada, "greeter", "[]", "");
    subscribe(
        ada,
        plan(
            1_000_000,
            true,
            Map.of("projects", 1, "agents", 1, "api_keys", 1, "members", 2, "runs_per_day", 1)));

    // projects: the second is refused and nothing is created; two at once make one
    assertEquals(201, ada.api().post("/api/v1/projects", Map.of("name", "One")).status());
    JsonNode refused =
        assertProblem(
            ada.api().post("/api/v1/projects", Map.of("name", "Two")), 402, "plan_limit_reached");
    assertTrue(
        refused.path("detail").asText().contains("plan limit of projects is 1"),
        refused.toString());
    assertEquals(1, ada.api().get("/api/v1/projects").json().path("total").asLong());

    // agents: the workspace holds one already
    assertProblem(
        ada.api()
            .post(
                "/api/v1/agents",
                Map.of(
                    "content",
                    "name: second\nmodel: openai:fake-1\ninstructions: Be brief.\n",
                    "format",
                    "yaml")),
        402,
        "plan_limit_reached");

    // API keys
    assertEquals(
        201, ada.api().post("/api/v1/api-keys", Map.of("name", "k1", "role", "viewer")).status());
    assertProblem(
        ada.api().post("/api/v1/api-keys", Map.of("name", "k2", "role", "viewer")),
        402,
        "plan_limit_reached");

    // members: the owner and one more; the third's acceptance is refused, the invitation stays
    Accounts.joinAs(ada, Accounts.newUser(anon, "limited-bea"), "viewer");
    Session cy = Accounts.newUser(anon, "limited-cy");
    Api.Res invited =
        ada.api()
            .post(
                "/api/v1/tenants/current/invitations",
                Map.of("email", cy.email(), "role", "viewer"));
    assertEquals(201, invited.status(), invited.toString());
    String token = invited.json().path("token").asText();
    assertProblem(
        cy.api().post("/api/v1/invitations/" + token + "/accept", Map.of()),
        402,
        "plan_limit_reached");
    assertEquals(2, ada.api().get("/api/v1/tenants/current/members").json().path("total").asLong());
    assertEquals(200, anon.get("/api/v1/invitations/" + token).status());

    // runs: one a day
    String run = startRun(ada, "greeter", "say hello");
    AgentServer.until(ada, run, "succeeded", "failed");
    assertProblem(
        ada.api().post("/api/v1/runs", Map.of("agent", "greeter", "message", "again")),
        402,
        "plan_limit_reached");
  }

  @Test
  void concurrentCreationsNeverPassTheLimitTogether() throws Exception {
    Session ada = agents.configured("limited-race");
    subscribe(ada, plan(1_000_000, true, Map.of("projects", 3)));
    List<Api.Res> made =
        Concurrently.times(
            8, () -> ada.api().post("/api/v1/projects", Map.of("name", unique("race-"))));
    long created = made.stream().filter(r -> r.status() == 201).count();
    assertEquals(3, created, made.toString());
    made.stream()
        .filter(r -> r.status() != 201)
        .forEach(r -> assertProblem(r, 402, "plan_limit_reached"));
    assertEquals(3, ada.api().get("/api/v1/projects").json().path("total").asLong());
  }

  @Test
  void aPlanNamesOnlyKnownLimits() {
    Api.Res res =
        root.api()
            .put(
                "/api/v1/admin/billing/plans/" + unique("plan-"),
                Map.of(
                    "name",
                    "Odd",
                    "interval",
                    "month",
                    "monthly_credits",
                    0,
                    "limits",
                    Map.of("galaxies", 3)));
    assertInvalid(res, "limits");
  }

  @Test
  void theFreePlanTopsAWorkspaceUpOnceAMonth() throws Exception {
    String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
    Map<String, Object> free =
        Map.of("name", "Free", "interval", "month", "monthly_credits", 40, "overage", true);
    assertEquals(200, root.api().put("/api/v1/admin/billing/plans/free", free).status());
    try {
      Session ada = agents.configured("free-grant");
      AgentServer.agent(ada, "greeter", "[]", "");
      JsonNode c = credits(ada, x -> true);
      assertEquals("free", c.path("plan").asText(), c.toString());
      assertEquals(40, c.path("balance").asLong(), c.toString());
      assertEquals(40, c.path("monthly_allowance").asLong(), c.toString());

      // a run consumes; neither it nor reading again grants a second time this month
      String run = startRun(ada, "greeter", "say hello");
      AgentServer.until(ada, run, "succeeded", "failed");
      assertEquals(
          40 - CALL, credits(ada, x -> x.path("balance").asLong() < 40).path("balance").asLong());
      List<JsonNode> grants = new ArrayList<>();
      transactions(ada)
          .path("items")
          .forEach(
              e -> {
                if ("grant".equals(e.path("kind").asText())) {
                  grants.add(e);
                }
              });
      assertEquals(1, grants.size(), grants.toString());
      assertEquals("free:" + month, grants.get(0).path("reference").asText());
      assertEquals(40, grants.get(0).path("amount").asLong());
    } finally {
      // the free plan back as the other tests expect it: nothing granted, overage allowed
      assertEquals(
          200,
          root.api()
              .put(
                  "/api/v1/admin/billing/plans/free",
                  Map.of(
                      "name", "Free", "interval", "month", "monthly_credits", 0, "overage", true))
              .status());
    }
  }

  // ---- automatic top-up -----------------------------------------------------------------------

  /**
   * Stripe's answers for {@code tenant}'s customer: a default card, and the small package's price.
   */
  private static void stubSavedCard(String tenant) {
    String customer = "cus_" + tenant.substring(0, 8);
    stripe.stubFor(
        get(urlPathEqualTo("/v1/customers/" + customer))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\""
                            + customer
                            + "\",\"object\":\"customer\",\"created\":1733300000,"
                            + "\"invoice_settings\":{\"custom_fields\":null,"
                            + "\"default_payment_method\":\"pm_card_"
                            + tenant.substring(0, 8)
                            + "\",\"footer\":null},\"livemode\":false,"
                            + "\"metadata\":{\"tenant_id\":\""
                            + tenant
                            + "\"}}")));
    stripe.stubFor(
        get(urlPathEqualTo("/v1/prices/price_small"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"price_small\",\"object\":\"price\",\"active\":true,"
                            + "\"currency\":\"usd\",\"unit_amount\":500,\"type\":\"one_time\","
                            + "\"livemode\":false}")));
  }

  static String paymentIntent(String id, String tenant, String status) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"payment_intent\",\"amount\":500,\"currency\":\"usd\","
        + "\"customer\":\"cus_"
        + tenant.substring(0, 8)
        + "\",\"status\":\""
        + status
        + "\",\"livemode\":false,\"metadata\":{\"tenant_id\":\""
        + tenant
        + "\",\"kind\":\"auto_top_up\",\"package\":\"small\",\"credits\":\"1000\"}}";
  }

  private static JsonNode autoTopUp(Session s, Predicate<JsonNode> done) throws Exception {
    JsonNode t = null;
    for (int i = 0; i < 300; i++) {
      Api.Res res = s.api().get("/api/v1/billing/credits/auto-top-up");
      assertEquals(200, res.status(), res.toString());
      t = res.json();
      if (done.test(t)) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("auto top-up never got there: " + t);
  }

  @Test
  void autoTopUpPaysThePackageOnceARunLeavesTheBalanceBelowTheThreshold() throws Exception {
    Session ada = agents.configured("top-up");
    AgentServer.agent(ada, "greeter", "[]", "");
    String path = "/api/v1/billing/credits/auto-top-up";
    JsonNode off = ada.api().get(path).json();
    assertFalse(off.path("enabled").asBoolean(), off.toString());

    // a workspace that never paid through Stripe has no card to charge
    assertProblem(
        ada.api().put(path, Map.of("enabled", true, "threshold", 30, "package", "small")),
        409,
        "no_customer");
    subscribe(ada, plan(CALL * 2, false));
    String tenant = ada.tenantId();

    // bad input, and members who are not admins
    assertInvalid(ada.api().put(path, Map.of("enabled", true)), "threshold", "package");
    assertInvalid(
        ada.api().put(path, Map.of("enabled", true, "threshold", -1, "package", "huge")),
        "threshold",
        "package");
    Session viewer = Accounts.joinAs(ada, Accounts.newUser(anon, "top-up-viewer"), "viewer");
    assertProblem(
        viewer.api().put(path, Map.of("enabled", true, "threshold", 30, "package", "small")),
        403,
        "forbidden");
    assertFalse(ada.api().get(path).json().path("enabled").asBoolean());

    stubSavedCard(tenant);
    String intent = unique("pi_");
    stripe.stubFor(
        post(urlEqualTo("/v1/payment_intents"))
            .withRequestBody(containing(tenant))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(paymentIntent(intent, tenant, "succeeded"))));
    Api.Res on = ada.api().put(path, Map.of("enabled", true, "threshold", 30, "package", "small"));
    assertEquals(200, on.status(), on.toString());
    assertTrue(on.json().path("enabled").asBoolean(), on.toString());

    // one call leaves CALL credits, below 30: the package is paid with the saved card
    String run = startRun(ada, "greeter", "say hello");
    AgentServer.until(ada, run, "succeeded", "failed");
    JsonNode c = credits(ada, x -> x.path("balance").asLong() > CALL);
    assertEquals(CALL + 1000, c.path("balance").asLong(), c.toString());
    List<LoggedRequest> paid =
        stripe.findAll(
            postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing(tenant)));
    assertEquals(1, paid.size());
    Map<String, String> f = form(paid.get(0));
    assertEquals("500", f.get("amount"));
    assertEquals("usd", f.get("currency"));
    assertEquals("cus_" + tenant.substring(0, 8), f.get("customer"));
    assertEquals("pm_card_" + tenant.substring(0, 8), f.get("payment_method"));
    assertEquals("true", f.get("off_session"));
    assertEquals("true", f.get("confirm"));
    assertEquals("auto_top_up", f.get("metadata[kind]"));
    assertEquals("atelier-top-up-" + tenant + "-1", paid.get(0).getHeader("Idempotency-Key"));

    // Stripe's event for the same payment counts nothing twice
    long now = System.currentTimeMillis() / 1000;
    String event =
        event(
            unique("evt_"),
            "payment_intent.succeeded",
            now,
            paymentIntent(intent, tenant, "succeeded"));
    assertEquals(200, deliver(event).status());
    assertEquals(200, deliver(event).status());
    Thread.sleep(500);
    assertEquals(CALL + 1000, credits(ada, x -> true).path("balance").asLong());
    long purchases = 0;
    for (JsonNode e : transactions(ada).path("items")) {
      if (("topup:" + intent).equals(e.path("reference").asText())) {
        purchases++;
        assertEquals("purchase", e.path("kind").asText());
        assertEquals(1000, e.path("amount").asLong());
      }
    }
    assertEquals(1, purchases);
  }

  @Test
  void aDeclinedTopUpSwitchesItselfOffWithTheReason() throws Exception {
    Session ada = agents.configured("top-up-declined");
    AgentServer.agent(ada, "greeter", "[]", "");
    subscribe(ada, plan(CALL * 2, false));
    String tenant = ada.tenantId();
    stubSavedCard(tenant);
    stripe.stubFor(
        post(urlEqualTo("/v1/payment_intents"))
            .withRequestBody(containing(tenant))
            .willReturn(
                aResponse()
                    .withStatus(402)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"card_declined\",\"decline_code\":"
                            + "\"insufficient_funds\",\"message\":\"Your card has insufficient"
                            + " funds.\",\"type\":\"card_error\"}}")));
    String path = "/api/v1/billing/credits/auto-top-up";
    assertEquals(
        200,
        ada.api().put(path, Map.of("enabled", true, "threshold", 30, "package", "small")).status());

    String run = startRun(ada, "greeter", "say hello");
    AgentServer.until(ada, run, "succeeded", "failed");
    JsonNode t = autoTopUp(ada, x -> !x.path("enabled").asBoolean());
    assertTrue(t.path("last_error").asText().contains("card_declined"), t.toString());
    assertEquals(CALL, credits(ada, x -> true).path("balance").asLong());

    // switched on again by an admin, the reason is gone
    JsonNode again =
        ada.api().put(path, Map.of("enabled", true, "threshold", 10, "package", "small")).json();
    assertTrue(again.path("enabled").asBoolean(), again.toString());
    assertTrue(again.path("last_error").isNull(), again.toString());
  }

  // ---- plans ----------------------------------------------------------------------------------

  @Test
  void plansArePublicAndOnlySuperusersSetThem() {
    Api.Res list = anon.get("/api/v1/billing/plans");
    assertEquals(200, list.status(), list.toString());
    List<String> keys = new ArrayList<>();
    list.json().path("items").forEach(p -> keys.add(p.path("key").asText()));
    assertTrue(keys.contains("free"), list.toString());

    String[] plan = plan(500, false);
    JsonNode listed = null;
    for (JsonNode p : anon.get("/api/v1/billing/plans").json().path("items")) {
      if (plan[0].equals(p.path("key").asText())) {
        listed = p;
      }
    }
    assertTrue(listed != null);
    assertEquals(plan[1], listed.path("stripe_price_id").asText());
    assertEquals(500, listed.path("monthly_credits").asLong());
    assertFalse(listed.path("overage").asBoolean());
    assertEquals(100, listed.path("limits").path("runs_per_day").asLong());
    assertEquals("priority", listed.path("features").get(0).asText());

    Session ada = Accounts.newUser(anon, "plans");
    Map<String, Object> body = Map.of("name", "Mine", "interval", "month", "monthly_credits", 10);
    assertProblem(ada.api().put("/api/v1/admin/billing/plans/mine", body), 403, "forbidden");
    assertProblem(anon.put("/api/v1/admin/billing/plans/mine", body), 401, "unauthorized");

    assertInvalid(
        root.api()
            .put(
                "/api/v1/admin/billing/plans/bad",
                Map.of("name", "Bad", "interval", "week", "monthly_credits", 10)),
        "interval");
    assertInvalid(
        root.api()
            .put(
                "/api/v1/admin/billing/plans/bad",
                Map.of("name", "Bad", "interval", "month", "monthly_credits", -1)),
        "monthly_credits");
    assertInvalid(
        root.api()
            .put(
                "/api/v1/admin/billing/plans/Not%20A%20Slug",
                Map.of("name", "Bad", "interval", "month", "monthly_credits", 1)),
        "key");
    assertProblem(
        root.api()
            .put(
                "/api/v1/admin/billing/plans/" + unique("other-"),
                Map.of(
                    "name",
                    "Same price",
                    "stripe_price_id",
                    plan[1],
                    "interval",
                    "month",
                    "monthly_credits",
                    1)),
        409,
        "price_taken");
  }

  // ---- Stripe API calls ----------------------------------------------------------------------

  @Test
  void checkoutAndPortalGoThroughStripeForAdminsOnly() throws Exception {
    Session ada = Accounts.newUser(anon, "checkout");
    stubStripe(ada.tenantId());
    String[] plan = plan(1000, false);

    // no customer yet: nothing to manage in the portal
    assertProblem(
        ada.api().post("/api/v1/billing/portal", Map.of("return_url", "https://app.example.com/b")),
        409,
        "no_customer");

    Api.Res checkout =
        ada.api()
            .post(
                "/api/v1/billing/checkout",
                Map.of(
                    "plan", plan[0],
                    "success_url", "https://app.example.com/ok",
                    "cancel_url", "https://app.example.com/no"));
    assertEquals(200, checkout.status(), checkout.toString());
    String sessionId = "cs_test_" + ada.tenantId().substring(0, 8);
    assertEquals(sessionId, checkout.json().path("session_id").asText());
    assertEquals(
        "https://checkout.stripe.com/c/pay/" + sessionId, checkout.json().path("url").asText());

    List<LoggedRequest> sessions =
        stripe.findAll(
            postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing(ada.tenantId())));
    assertEquals(1, sessions.size());
    Map<String, String> sent = form(sessions.get(0));
    assertEquals("subscription", sent.get("mode"));
    assertEquals(plan[1], sent.get("line_items[0][price]"));
    assertEquals("1", sent.get("line_items[0][quantity]"));
    assertEquals(ada.tenantId(), sent.get("client_reference_id"));
    assertEquals(ada.tenantId(), sent.get("subscription_data[metadata][tenant_id]"));
    assertEquals("cus_" + ada.tenantId().substring(0, 8), sent.get("customer"));
    assertEquals("Bearer sk_test_fake", sessions.get(0).getHeader("Authorization"));

    Api.Res portal =
        ada.api().post("/api/v1/billing/portal", Map.of("return_url", "https://app.example.com/b"));
    assertEquals(200, portal.status(), portal.toString());
    assertEquals(
        "https://billing.stripe.com/p/session/test_" + ada.tenantId().substring(0, 8),
        portal.json().path("url").asText());

    // bad input
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/billing/checkout",
                Map.of(
                    "plan", "no-such-plan",
                    "success_url", "https://a.example/ok",
                    "cancel_url", "https://a.example/no")),
        "plan");
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/billing/checkout",
                Map.of(
                    "plan", "free",
                    "success_url", "https://a.example/ok",
                    "cancel_url", "https://a.example/no")),
        "plan");
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/billing/checkout",
                Map.of("plan", plan[0], "success_url", "javascript:alert(1)", "cancel_url", "x")),
        "success_url");
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/billing/credits/purchase",
                Map.of(
                    "package", "huge",
                    "success_url", "https://a.example/ok",
                    "cancel_url", "https://a.example/no")),
        "package");

    // roles: viewers and operators read, only admins pay
    Session viewer = Accounts.joinAs(ada, Accounts.newUser(anon, "viewer"), "viewer");
    Session operator = Accounts.joinAs(ada, Accounts.newUser(anon, "operator"), "operator");
    for (Session s : List.of(viewer, operator)) {
      assertEquals(200, s.api().get("/api/v1/billing/credits").status());
      assertEquals(200, s.api().get("/api/v1/billing/subscription").status());
      assertProblem(
          s.api()
              .post(
                  "/api/v1/billing/checkout",
                  Map.of(
                      "plan", plan[0],
                      "success_url", "https://a.example/ok",
                      "cancel_url", "https://a.example/no")),
          403,
          "forbidden");
      assertProblem(
          s.api().post("/api/v1/billing/portal", Map.of("return_url", "https://a.example/b")),
          403,
          "forbidden");
    }
    assertProblem(anon.get("/api/v1/billing/credits"), 401, "unauthorized");
  }

  @Test
  void creditPurchasesAreCheckoutsInPaymentModeCountedOnceAndRefunded() throws Exception {
    Session ada = Accounts.newUser(anon, "buyer");
    stubStripe(ada.tenantId());
    Api.Res purchase =
        ada.api()
            .post(
                "/api/v1/billing/credits/purchase",
                Map.of(
                    "package", "small",
                    "success_url", "https://app.example.com/ok",
                    "cancel_url", "https://app.example.com/no"));
    assertEquals(200, purchase.status(), purchase.toString());
    Map<String, String> sent =
        form(
            stripe
                .findAll(
                    postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                        .withRequestBody(containing(ada.tenantId())))
                .get(0));
    assertEquals("payment", sent.get("mode"));
    assertEquals("price_small", sent.get("line_items[0][price]"));
    assertEquals("1000", sent.get("metadata[credits]"));
    assertEquals("1000", sent.get("payment_intent_data[metadata][credits]"));
    assertEquals(ada.tenantId(), sent.get("payment_intent_data[metadata][tenant_id]"));

    long now = System.currentTimeMillis() / 1000;
    String cs = unique("cs_test_");
    String completed =
        event(
            unique("evt_"),
            "checkout.session.completed",
            now,
            "{\"id\":\""
                + cs
                + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"status\":\"complete\","
                + "\"payment_status\":\"paid\",\"customer\":\"cus_x\",\"client_reference_id\":\""
                + ada.tenantId()
                + "\",\"amount_total\":1000,\"currency\":\"usd\",\"payment_intent\":\"pi_1\","
                + "\"metadata\":{\"tenant_id\":\""
                + ada.tenantId()
                + "\",\"kind\":\"credits\",\"package\":\"small\",\"credits\":\"1000\"}}");
    // Stripe retries: the same event again, at once and later
    List<Api.Res> answers = Concurrently.times(4, () -> deliver(completed));
    answers.forEach(a -> assertEquals(200, a.status(), a.toString()));
    credits(ada, c -> c.path("balance").asLong() == 1000);
    assertEquals(200, deliver(completed).status());

    // refunds: cumulative amounts, delivered out of order, taken back once
    String charge = unique("ch_");
    String half = chargeRefunded(charge, ada.tenantId(), 500, now + 10);
    String full = chargeRefunded(charge, ada.tenantId(), 1000, now + 20);
    assertEquals(200, deliver(event(unique("evt_"), "charge.refunded", now + 20, full)).status());
    assertEquals(200, deliver(event(unique("evt_"), "charge.refunded", now + 10, half)).status());
    JsonNode c = credits(ada, x -> x.path("balance").asLong() == 0);
    assertEquals(1000, c.path("purchased").asLong());
    Thread.sleep(500);
    c = credits(ada, x -> true);
    assertEquals(0, c.path("balance").asLong(), "refunded once: " + transactions(ada));
    JsonNode ledger = transactions(ada);
    assertEquals(2, ledger.path("total").asLong(), ledger.toString());
    assertEquals("refund", ledger.path("items").get(0).path("kind").asText());
    assertEquals(-1000, ledger.path("items").get(0).path("amount").asLong());
    assertEquals("purchase", ledger.path("items").get(1).path("kind").asText());
  }

  private static String chargeRefunded(String id, String tenant, long refunded, long created) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"charge\",\"amount\":1000,\"amount_captured\":1000,\"amount_refunded\":"
        + refunded
        + ",\"refunded\":"
        + (refunded == 1000)
        + ",\"currency\":\"usd\",\"customer\":\"cus_x\",\"payment_intent\":\"pi_1\","
        + "\"status\":\"succeeded\",\"created\":"
        + created
        + ",\"metadata\":{\"tenant_id\":\""
        + tenant
        + "\",\"credits\":\"1000\"}}";
  }

  // ---- the marketplace on billing --------------------------------------------------------------

  /** A checkout.session.completed of Stripe for a Checkout Session in payment mode. */
  private static String checkoutCompleted(
      String session, String tenant, long created, String metadata) {
    return event(
        unique("evt_"),
        "checkout.session.completed",
        created,
        "{\"id\":\""
            + session
            + "\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"status\":\"complete\","
            + "\"payment_status\":\"paid\",\"customer\":\"cus_x\",\"client_reference_id\":\""
            + tenant
            + "\",\"amount_total\":1000,\"currency\":\"usd\",\"payment_intent\":\"pi_"
            + session
            + "\",\"metadata\":{\"tenant_id\":\""
            + tenant
            + "\","
            + metadata
            + "}}");
  }

  private static long sum(JsonNode ledger) {
    long total = 0;
    for (JsonNode e : ledger.path("items")) {
      total += e.path("amount").asLong();
    }
    return total;
  }

  private static List<String> references(JsonNode ledger) {
    List<String> out = new ArrayList<>();
    ledger.path("items").forEach(e -> out.add(e.path("reference").asText()));
    return out;
  }

  private static JsonNode library(Session s) {
    Api.Res res = s.api().get("/api/v1/marketplace/library/agents");
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  /**
   * Issue 15's "done means": a creator publishes an agent and a base; a second workspace finds
   * them, buys credits through Stripe Checkout, buys and forks the paid agent, runs it and sees the
   * run charged; duplicated and reordered webhooks leave the ledger exact.
   */
  @Test
  void aWorkspaceBuysCreditsThenAPaidAgentForksRunsItAndIsChargedExactly() throws Exception {
    Session creator = Accounts.newUser(anon, "creator");
    String name = unique("Summariser ");
    Api.Res agent =
        creator
            .api()
            .post(
                "/api/v1/marketplace/agents",
                Map.of(
                    "name",
                    name,
                    "category",
                    "writing",
                    "price_credits",
                    300,
                    "spec",
                    Map.of(
                        "name",
                        "summariser",
                        "model",
                        "openai:fake-1",
                        "instructions",
                        "Be brief.")));
    assertEquals(201, agent.status(), agent.toString());
    String agentId = agent.json().path("id").asText();
    Api.Res base =
        creator
            .api()
            .post(
                "/api/v1/marketplace/bases",
                Map.of("name", name + " starter", "files", Map.of("README.md", "# Notes\n")));
    assertEquals(201, base.status(), base.toString());

    // a second workspace finds both
    Session buyer = agents.configured("buyer");
    stubStripe(buyer.tenantId());
    String q = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    JsonNode found = buyer.api().get("/api/v1/marketplace/agents?q=" + q).json();
    assertEquals(agentId, found.path("items").get(0).path("id").asText(), found.toString());
    assertEquals(
        base.json().path("id").asText(),
        buyer
            .api()
            .get("/api/v1/marketplace/bases?q=" + q)
            .json()
            .path("items")
            .get(0)
            .path("id")
            .asText());
    // not enough credits yet
    assertProblem(
        buyer.api().post("/api/v1/marketplace/agents/" + agentId + "/purchase", Map.of()),
        402,
        "insufficient_credits");

    // credits through Stripe Checkout: two purchases, their events duplicated and reordered
    Api.Res checkout =
        buyer
            .api()
            .post(
                "/api/v1/billing/credits/purchase",
                Map.of(
                    "package", "small",
                    "success_url", "https://app.example.com/ok",
                    "cancel_url", "https://app.example.com/no"));
    assertEquals(200, checkout.status(), checkout.toString());
    long now = System.currentTimeMillis() / 1000;
    String credits = "\"kind\":\"credits\",\"package\":\"small\",\"credits\":\"1000\"";
    String first = checkoutCompleted(unique("cs_test_"), buyer.tenantId(), now, credits);
    String second = checkoutCompleted(unique("cs_test_"), buyer.tenantId(), now + 5, credits);
    List<Api.Res> answers =
        Concurrently.run(
            List.of(
                () -> deliver(second),
                () -> deliver(first),
                () -> deliver(second),
                () -> deliver(first)));
    answers.forEach(a -> assertEquals(200, a.status(), a.toString()));
    credits(buyer, c -> c.path("balance").asLong() == 2000);
    assertEquals(200, deliver(first).status());

    // the paid agent: concurrent purchases with one Idempotency-Key charge once
    Api keyed = buyer.api().withHeader("Idempotency-Key", unique("buy-"));
    List<Api.Res> bought =
        Concurrently.times(
            3, () -> keyed.post("/api/v1/marketplace/agents/" + agentId + "/purchase", Map.of()));
    for (Api.Res b : bought) {
      assertTrue(
          b.status() == 201
              || (b.status() == 409 && b.toString().contains("idempotency_in_flight")),
          b.toString());
    }
    assertEquals(1, library(buyer).path("total").asLong());
    Api.Res fork =
        buyer
            .api()
            .post("/api/v1/marketplace/agents/" + agentId + "/fork", Map.of("name", "notes"));
    assertEquals(201, fork.status(), fork.toString());

    // the forked agent runs on the fake model and the run is charged
    String run = startRun(buyer, "notes", "summarise this");
    JsonNode done = AgentServer.until(buyer, run, "succeeded", "failed");
    assertEquals("succeeded", done.path("status").asText(), done.toString());
    credits(buyer, c -> c.path("balance").asLong() == 2000 - 300 - CALL);
    // a late duplicate of every Stripe event changes nothing
    assertEquals(200, deliver(second).status());
    assertEquals(200, deliver(first).status());
    Thread.sleep(500);
    JsonNode ledger = transactions(buyer);
    assertEquals(4, ledger.path("total").asLong(), ledger.toString());
    assertEquals(2000 - 300 - CALL, sum(ledger), ledger.toString());
    assertEquals(
        2000 - 300 - CALL, credits(buyer, c -> true).path("balance").asLong(), ledger.toString());
    JsonNode charge = ledger.path("items").get(0);
    assertEquals("consumption", charge.path("kind").asText(), charge.toString());
    assertEquals(run, charge.path("run_id").asText());
    assertEquals("notes", charge.path("agent").asText());
    assertTrue(
        references(ledger).contains("marketplace:" + agentId + ":" + buyer.tenantId()),
        ledger.toString());
    // the creator was paid once
    JsonNode sales = transactions(creator);
    assertEquals(1, sales.path("total").asLong(), sales.toString());
    assertEquals(300, sales.path("items").get(0).path("amount").asLong());

    // the base becomes the buyer's project
    Api.Res project =
        buyer
            .api()
            .post(
                "/api/v1/projects",
                Map.of("name", "Notes", "base", base.json().path("id").asText()));
    assertEquals(201, project.status(), project.toString());
  }

  @Test
  void anAgentAtAStripePriceIsBoughtThroughCheckoutAndJoinsTheLibraryOnce() throws Exception {
    Session creator = Accounts.newUser(anon, "stripe-creator");
    String price = unique("price_");
    Api.Res agent =
        creator
            .api()
            .post(
                "/api/v1/marketplace/agents",
                Map.of(
                    "name",
                    unique("Premium "),
                    "stripe_price_id",
                    price,
                    "spec",
                    Map.of(
                        "name", "premium", "model", "openai:fake-1", "instructions", "Be brief.")));
    assertEquals(201, agent.status(), agent.toString());
    assertEquals("stripe", agent.json().path("pricing").asText());
    assertEquals(price, agent.json().path("stripe_price_id").asText());
    String id = agent.json().path("id").asText();
    String purchase = "/api/v1/marketplace/agents/" + id + "/purchase";
    Map<String, String> urls =
        Map.of(
            "success_url",
            "https://app.example.com/ok",
            "cancel_url",
            "https://app.example.com/no");

    Session buyer = agents.configured("stripe-buyer");
    stubStripe(buyer.tenantId());
    // bad input, wrong roles, own items, unknown ids: nothing at Stripe
    assertInvalid(buyer.api().post(purchase, Map.of()), "success_url", "cancel_url");
    assertInvalid(
        buyer
            .api()
            .post(
                purchase, Map.of("success_url", "javascript:x", "cancel_url", "https://a.example")),
        "success_url");
    Session viewer = Accounts.joinAs(buyer, Accounts.newUser(anon, "stripe-viewer"), "viewer");
    assertProblem(viewer.api().post(purchase, urls), 403, "forbidden");
    assertProblem(creator.api().post(purchase, urls), 409, "own_item");
    assertProblem(
        buyer.api().post("/api/v1/marketplace/agents/" + UUID.randomUUID() + "/purchase", urls),
        404,
        "not_found");
    assertProblem(
        buyer.api().post("/api/v1/marketplace/bases/" + id + "/purchase", urls), 404, "not_found");
    // no billing plugin on for the workspace: nobody to take the payment
    Session unbilled = Accounts.newUser(anon, "unbilled");
    assertEquals(200, Features.setForTenant(unbilled, "billing-stripe", false).status());
    assertProblem(unbilled.api().post(purchase, urls), 409, "payments_unavailable");
    assertEquals(
        0,
        stripe
            .findAll(
                postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                    .withRequestBody(containing(buyer.tenantId())))
            .size());

    // concurrent purchases with one Idempotency-Key open one Checkout Session
    Api keyed = buyer.api().withHeader("Idempotency-Key", unique("stripe-buy-"));
    List<Api.Res> answers = Concurrently.times(3, () -> keyed.post(purchase, urls));
    JsonNode page = null;
    for (Api.Res a : answers) {
      if (a.status() == 202) {
        page = a.json();
      } else {
        assertProblem(a, 409, "idempotency_in_flight");
      }
    }
    assertEquals("cs_test_" + buyer.tenantId().substring(0, 8), page.path("session_id").asText());
    assertTrue(page.path("checkout_url").asText().startsWith("https://checkout.stripe.com/"));
    List<LoggedRequest> opened =
        stripe.findAll(
            postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing(buyer.tenantId())));
    assertEquals(1, opened.size());
    Map<String, String> sent = form(opened.get(0));
    assertEquals("payment", sent.get("mode"));
    assertEquals(price, sent.get("line_items[0][price]"));
    assertEquals("payment", sent.get("metadata[kind]"));
    assertEquals("marketplace", sent.get("metadata[purpose]"));
    String reference = "marketplace:" + id + ":" + buyer.userId();
    assertEquals(reference, sent.get("metadata[reference]"));

    // not paid yet: not in the library, not forkable
    assertEquals(0, library(buyer).path("total").asLong());
    assertProblem(
        buyer.api().post("/api/v1/marketplace/agents/" + id + "/fork", Map.of()),
        402,
        "purchase_required");
    // an unpaid session completes nothing
    long now = System.currentTimeMillis() / 1000;
    String meta =
        "\"kind\":\"payment\",\"purpose\":\"marketplace\",\"reference\":\"" + reference + "\"";
    String unpaid =
        checkoutCompleted("cs_unpaid", buyer.tenantId(), now, meta)
            .replace("\"payment_status\":\"paid\"", "\"payment_status\":\"unpaid\"");
    assertEquals(200, deliver(unpaid).status());

    // paid: Stripe's event retried at once, and again as another event: one grant
    String session = page.path("session_id").asText();
    String paid = checkoutCompleted(session, buyer.tenantId(), now + 1, meta);
    Concurrently.times(3, () -> deliver(paid)).forEach(a -> assertEquals(200, a.status()));
    assertEquals(
        200, deliver(checkoutCompleted(session, buyer.tenantId(), now + 2, meta)).status());
    JsonNode held = null;
    for (int i = 0; i < 300 && (held == null || held.path("total").asLong() == 0); i++) {
      Thread.sleep(100);
      held = library(buyer);
    }
    Thread.sleep(500);
    held = library(buyer);
    assertEquals(1, held.path("total").asLong(), held.toString());
    assertEquals(id, held.path("items").get(0).path("item").path("id").asText());
    assertEquals(
        1, buyer.api().get("/api/v1/marketplace/agents/" + id).json().path("installs").asLong());
    // no credits moved: the money went to Stripe
    assertEquals(0, transactions(buyer).path("total").asLong());
    // bought: forked, and a second purchase is the library's entry, not a new Checkout
    assertEquals(
        201, buyer.api().post("/api/v1/marketplace/agents/" + id + "/fork", Map.of()).status());
    Api.Res again = buyer.api().post(purchase, urls);
    assertEquals(200, again.status(), again.toString());
    JsonNode dash = creator.api().get("/api/v1/marketplace/creator/items").json();
    assertEquals(1, dash.path("items").get(0).path("sales").asLong(), dash.toString());
  }

  // ---- the webhook ----------------------------------------------------------------------------

  @Test
  void aDeliveryNotSignedWithTheSecretIsRefusedAndChangesNothing() throws Exception {
    Session ada = Accounts.newUser(anon, "forged");
    String[] plan = plan(700, false);
    long now = System.currentTimeMillis() / 1000;
    String body =
        event(
            unique("evt_"),
            "invoice.paid",
            now,
            invoice(unique("in_"), ada.tenantId(), "sub_x", plan[1]));

    assertProblem(deliver(body, null), 400, "bad_signature");
    assertProblem(
        deliver(body, "t=" + now + ",v1=" + sign("whsec_wrong", now, body)), 400, "bad_signature");
    // signed over another body
    assertProblem(
        deliver(body, "t=" + now + ",v1=" + sign(SECRET, now, body + " ")), 400, "bad_signature");
    // replayed after the five minutes
    long old = now - 301;
    assertProblem(
        deliver(body, "t=" + old + ",v1=" + sign(SECRET, old, body)), 400, "bad_signature");
    assertProblem(deliver(body, "garbage"), 400, "bad_signature");
    Thread.sleep(300);
    assertEquals(0, credits(ada, c -> true).path("balance").asLong());
    assertEquals(0, transactions(ada).path("total").asLong());

    // during a secret rotation Stripe signs with both: any v1 that matches will do
    Api.Res rolled =
        deliver(
            body,
            "t="
                + now
                + ",v1="
                + sign("whsec_retired", now, body)
                + ",v1="
                + sign(OLD_SECRET, now, body)
                + ",v0=ignored");
    assertEquals(200, rolled.status(), rolled.toString());
    credits(ada, c -> c.path("balance").asLong() == 700);
    assertProblem(deliver("{\"hello\": \"stripe\"}"), 400, "malformed_event");
  }

  @Test
  void subscriptionEventsApplyOnceWhateverTheirOrder() throws Exception {
    Session ada = Accounts.newUser(anon, "subscriber");
    Session other = Accounts.newUser(anon, "bystander");
    String[] plan = plan(300, false);
    long now = System.currentTimeMillis() / 1000;
    String sub = unique("sub_");
    String invoiceId = unique("in_");
    String created =
        event(
            unique("evt_"),
            "customer.subscription.created",
            now,
            subscription(sub, ada.tenantId(), plan[1], "active", now + 2592000));
    String paid =
        event(
            unique("evt_"), "invoice.paid", now, invoice(invoiceId, ada.tenantId(), sub, plan[1]));
    // the invoice first, then the subscription, each twice; plus the same invoice in another event
    assertEquals(200, deliver(paid).status());
    assertEquals(200, deliver(created).status());
    assertEquals(200, deliver(paid).status());
    assertEquals(200, deliver(created).status());
    assertEquals(
        200,
        deliver(
                event(
                    unique("evt_"),
                    "invoice.paid",
                    now,
                    invoice(invoiceId, ada.tenantId(), sub, plan[1])))
            .status());
    JsonNode c =
        credits(
            ada, x -> plan[0].equals(x.path("plan").asText()) && x.path("balance").asLong() == 300);
    assertEquals(300, c.path("monthly_allowance").asLong());
    assertFalse(c.path("overage").asBoolean());
    Thread.sleep(500);
    assertEquals(300, credits(ada, x -> true).path("balance").asLong());
    assertEquals(1, transactions(ada).path("total").asLong(), transactions(ada).toString());
    JsonNode s = ada.api().get("/api/v1/billing/subscription").json();
    assertEquals(plan[0], s.path("plan").asText());
    assertEquals("active", s.path("status").asText());
    assertTrue(s.path("current_period_end").asText().startsWith("20"), s.toString());

    // a failed renewal: the subscription is past due, the plan stays
    assertEquals(
        200,
        deliver(
                event(
                    unique("evt_"),
                    "invoice.payment_failed",
                    now + 5,
                    invoice(unique("in_"), ada.tenantId(), sub, plan[1])))
            .status());
    for (int i = 0; i < 300 && !"past_due".equals(s.path("status").asText()); i++) {
      Thread.sleep(100);
      s = ada.api().get("/api/v1/billing/subscription").json();
    }
    assertEquals("past_due", s.path("status").asText(), s.toString());
    assertEquals(plan[0], s.path("plan").asText());

    // the deletion arrives before an older update: the workspace stays on the free plan
    assertEquals(
        200,
        deliver(
                event(
                    unique("evt_"),
                    "customer.subscription.deleted",
                    now + 20,
                    subscription(sub, ada.tenantId(), plan[1], "canceled", now + 2592000)))
            .status());
    assertEquals(
        200,
        deliver(
                event(
                    unique("evt_"),
                    "customer.subscription.updated",
                    now + 10,
                    subscription(sub, ada.tenantId(), plan[1], "past_due", now + 2592000)))
            .status());
    credits(ada, x -> "free".equals(x.path("plan").asText()));
    Thread.sleep(500);
    s = ada.api().get("/api/v1/billing/subscription").json();
    assertEquals("free", s.path("plan").asText(), s.toString());
    assertEquals("canceled", s.path("status").asText(), s.toString());
    // the credits already granted stay
    assertEquals(300, credits(ada, x -> true).path("balance").asLong());

    // nothing of this reached the other workspace
    JsonNode theirs = credits(other, x -> true);
    assertEquals("free", theirs.path("plan").asText());
    assertEquals(0, theirs.path("balance").asLong());
    assertEquals(0, transactions(other).path("total").asLong());
  }

  @Test
  void anEventThatCannotBeAppliedYetIsStoredAndTriedAgain() throws Exception {
    Session ada = Accounts.newUser(anon, "later");
    String key = unique("plan-");
    String price = unique("price_");
    long now = System.currentTimeMillis() / 1000;
    // Stripe sells a price no plan has yet: the event is kept, not lost
    Api.Res res =
        deliver(
            event(
                unique("evt_"),
                "customer.subscription.created",
                now,
                subscription(unique("sub_"), ada.tenantId(), price, "active", now + 2592000)));
    assertEquals(200, res.status(), res.toString());
    assertEquals("stored", res.json().path("outcome").asText(), res.toString());
    Thread.sleep(1000);
    assertEquals("free", credits(ada, c -> true).path("plan").asText());

    Api.Res plan =
        root.api()
            .put(
                "/api/v1/admin/billing/plans/" + key,
                Map.of(
                    "name",
                    "Late",
                    "stripe_price_id",
                    price,
                    "interval",
                    "year",
                    "monthly_credits",
                    5,
                    "overage",
                    true));
    assertEquals(200, plan.status(), plan.toString());
    JsonNode c = credits(ada, x -> key.equals(x.path("plan").asText()));
    assertTrue(c.path("overage").asBoolean(), c.toString());
  }

  // ---- metering -------------------------------------------------------------------------------

  @Test
  void everyModelCallIsChargedAndAnExhaustedWorkspaceIsRefused() throws Exception {
    Session ada = agents.configured("metered");
    AgentServer.agent(ada, "greeter", "[]", "");
    AgentServer.agent(ada, "lister", "[list_files]", "");
    // one call's worth of credits, and no overage
    subscribe(ada, plan(CALL * 2, false));

    String first = startRun(ada, "greeter", "say hello");
    JsonNode run = AgentServer.until(ada, first, "succeeded", "failed");
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    JsonNode c = credits(ada, x -> x.path("balance").asLong() == CALL);
    JsonNode charge = transactions(ada).path("items").get(0);
    assertEquals("consumption", charge.path("kind").asText());
    assertEquals(-CALL, charge.path("amount").asLong());
    assertEquals(CALL, charge.path("balance_after").asLong());
    assertEquals(first, charge.path("run_id").asText());
    assertEquals("greeter", charge.path("agent").asText());
    assertEquals("openai:fake-1", charge.path("model").asText());
    assertEquals(12, charge.path("tokens_input").asLong());

    // a run that needs two model calls has credits for one: it stops at its next step
    String project =
        ada.api().post("/api/v1/projects", Map.of("name", "P")).json().path("id").asText();
    Api.Res started =
        ada.api()
            .post(
                "/api/v1/runs",
                Map.of("agent", "lister", "message", "list files", "project_id", project));
    assertEquals(202, started.status(), started.toString());
    run = AgentServer.until(ada, started.json().path("run_id").asText(), "succeeded", "failed");
    assertEquals("failed", run.path("status").asText(), run.toString());
    assertEquals("insufficient_credits", run.path("error_code").asText(), run.toString());
    assertEquals(0, credits(ada, x -> true).path("balance").asLong());

    // out of credits: runs and chat turns are refused before they start
    assertProblem(
        ada.api().post("/api/v1/runs", Map.of("agent", "greeter", "message", "say hello")),
        402,
        "insufficient_credits");
    HttpResponse<String> chat =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(agents.baseUrl() + "/api/v1/chat/stream"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .header("X-Forwarded-For", ada.api().address())
                    .header("Authorization", "Bearer " + ada.accessToken())
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Api.JSON.writeValueAsString(
                                Map.of(
                                    "project_id", project,
                                    "agent", "greeter",
                                    "message", "say hello"))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(402, chat.statusCode(), chat.body());
    assertTrue(chat.body().contains("insufficient_credits"), chat.body());
    assertEquals(
        0,
        ada.api().get("/api/v1/chat/history/" + project).json().path("items").size(),
        "a refused first turn leaves no chat behind");

    // usage, by agent, model and day
    Api.Res byAgent = ada.api().get("/api/v1/billing/usage?group_by=agent");
    assertEquals(200, byAgent.status(), byAgent.toString());
    long total = 0;
    for (JsonNode u : byAgent.json().path("items")) {
      total += u.path("credits").asLong();
    }
    assertEquals(CALL * 2, total, byAgent.toString());
    JsonNode byModel = ada.api().get("/api/v1/billing/usage?group_by=model").json();
    assertEquals("openai:fake-1", byModel.path("items").get(0).path("key").asText());
    assertEquals(2, byModel.path("items").get(0).path("calls").asLong());
    JsonNode byDay = ada.api().get("/api/v1/billing/usage?from=2020-01-01&to=2999-01-01").json();
    assertEquals(1, byDay.path("items").size(), byDay.toString());
    assertEquals(
        0, ada.api().get("/api/v1/billing/usage?to=2020-01-01").json().path("items").size());
    assertInvalid(ada.api().get("/api/v1/billing/usage?group_by=week"), "group_by");
    assertInvalid(ada.api().get("/api/v1/billing/usage?from=yesterday"), "from");

    // more credits: runs start again
    long now = System.currentTimeMillis() / 1000;
    String more =
        event(
            unique("evt_"),
            "checkout.session.completed",
            now,
            "{\"id\":\""
                + unique("cs_")
                + "\",\"object\":\"checkout.session\",\"mode\":\"payment\","
                + "\"payment_status\":\"paid\",\"status\":\"complete\",\"client_reference_id\":\""
                + ada.tenantId()
                + "\",\"metadata\":{\"tenant_id\":\""
                + ada.tenantId()
                + "\",\"kind\":\"credits\",\"package\":\"small\",\"credits\":\"1000\"}}");
    assertEquals(200, deliver(more).status());
    credits(ada, x -> x.path("balance").asLong() == 1000);
    String again = startRun(ada, "greeter", "say hello");
    assertEquals(
        "succeeded", AgentServer.until(ada, again, "succeeded", "failed").path("status").asText());
  }

  @Test
  void theBalanceStaysExactUnderConcurrentRunsAndGrants() throws Exception {
    Session ada = agents.configured("concurrent");
    AgentServer.agent(ada, "greeter", "[]", "");
    String[] plan = plan(100_000, false);
    subscribe(ada, plan);
    int runs = 12;
    int grants = 6;
    List<Callable<Api.Res>> calls = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      calls.add(
          () -> ada.api().post("/api/v1/runs", Map.of("agent", "greeter", "message", "say hello")));
    }
    long now = System.currentTimeMillis() / 1000;
    for (int i = 0; i < grants; i++) {
      String body =
          event(
              unique("evt_"),
              "invoice.paid",
              now,
              invoice(unique("in_"), ada.tenantId(), "sub_c", plan[1]));
      calls.add(() -> deliver(body));
    }
    List<String> ids = new ArrayList<>();
    for (Api.Res res : Concurrently.run(calls)) {
      if (res.status() == 202) {
        ids.add(res.json().path("run_id").asText());
      } else {
        assertEquals(200, res.status(), res.toString());
      }
    }
    assertEquals(runs, ids.size());
    for (String id : ids) {
      assertEquals(
          "succeeded", AgentServer.until(ada, id, "succeeded", "failed").path("status").asText());
    }
    long expected = 100_000L * (grants + 1) - CALL * runs;
    credits(ada, c -> c.path("balance").asLong() == expected);
    JsonNode ledger = transactions(ada);
    assertEquals(runs + grants + 1, ledger.path("total").asLong(), ledger.toString());
    long sum = 0;
    List<Long> after = new ArrayList<>();
    for (JsonNode e : ledger.path("items")) {
      sum += e.path("amount").asLong();
      after.add(e.path("balance_after").asLong());
    }
    assertEquals(expected, sum, "the balance is the ledger's sum");
    // every entry saw the one before it: the balances after are all different
    assertEquals(after.size(), after.stream().distinct().count(), after.toString());
  }

  @Test
  void withBillingSwitchedOffNothingIsMetered() throws Exception {
    Session ada = agents.configured("unmetered");
    AgentServer.agent(ada, "greeter", "[]", "");
    subscribe(ada, plan(CALL, false));
    String first = startRun(ada, "greeter", "say hello");
    AgentServer.until(ada, first, "succeeded", "failed");
    credits(ada, c -> c.path("balance").asLong() == 0);
    assertProblem(
        ada.api().post("/api/v1/runs", Map.of("agent", "greeter", "message", "say hello")),
        402,
        "insufficient_credits");

    assertEquals(200, Features.setForTenant(ada, "billing-stripe", false).status());
    String free = startRun(ada, "greeter", "say hello");
    assertEquals(
        "succeeded", AgentServer.until(ada, free, "succeeded", "failed").path("status").asText());
    assertProblem(ada.api().get("/api/v1/billing/credits"), 403, "feature_disabled");

    assertEquals(200, Features.setForTenant(ada, "billing-stripe", true).status());
    JsonNode ledger = transactions(ada);
    // the grant and the first run's charge; the run made while billing was off cost nothing
    assertEquals(2, ledger.path("total").asLong(), ledger.toString());
    assertEquals(0, credits(ada, c -> true).path("balance").asLong());
  }
}
