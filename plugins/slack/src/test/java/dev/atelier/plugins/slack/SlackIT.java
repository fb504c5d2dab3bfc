package dev.atelier.plugins.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Features;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Slack plugin on a running server, over HTTP, with Slack's Web API faked on loopback in its
 * wire format: bots registered and changed (never showing a secret), installed through Slack's
 * OAuth v2 ({@code oauth.v2.access}), and Slack's Events API signed by the tests exactly as Slack
 * signs ({@code v0}); bad input, forged, stale and duplicate events, roles, another workspace's ids
 * and the per-workspace feature switch.
 */
class SlackIT {

  private static final String APPS = "/api/v1/slack-apps";
  private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  private static WireMockServer slack;
  private static AtelierServer.Running server;
  private static String pgDatabase;
  private static Api anon;

  @BeforeAll
  static void start() throws Exception {
    slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    slack.start();
    pgDatabase = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_PLUGIN_SLACK_API_BASE", slack.baseUrl() + "/api");
    server = AtelierServer.launch("slack", env, List.of("--nocluster"), pgDatabase);
    anon = Api.at(server.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (pgDatabase != null) {
      AtelierServer.dropPgDatabase(pgDatabase);
    }
    if (slack != null) {
      slack.stop();
    }
  }

  /** A new bot's body, about project {@code project} (id or slug). */
  private static Map<String, Object> newBot(String name, String project) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("project_id", project);
    body.put("client_id", "1234567890.0987654321");
    body.put("client_secret", "client-secret-" + name);
    body.put("signing_secret", SIGNING_SECRET);
    body.put("agent_labels", List.of("support", "docs"));
    return body;
  }

  /** A project of the session's workspace; its slug. */
  private static String project(Session s) {
    Api.Res res =
        s.api()
            .post(
                "/api/v1/projects",
                Map.of("name", "Desk " + java.util.UUID.randomUUID().toString().substring(0, 8)));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("slug").asText();
  }

  private static JsonNode create(Session admin, String name) {
    Api.Res res = admin.api().post(APPS, newBot(name, project(admin)));
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  /** Slack's signature of {@code body} at {@code timestamp}, computed as Slack documents it. */
  private static String sign(String secret, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder("v0=");
    for (byte b : digest) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  /** Posts {@code body} to a bot's Request URL as Slack does, signed with {@code secret}. */
  private static Api.Res deliver(String eventsPath, String body, String secret, long timestamp)
      throws Exception {
    return anon.withHeader("X-Slack-Request-Timestamp", Long.toString(timestamp))
        .withHeader("X-Slack-Signature", sign(secret, timestamp, body))
        .send("POST", eventsPath, body, "application/json");
  }

  private static String mention(String eventId, String apiAppId) {
    return "{\"token\":\"unused\",\"team_id\":\"T0001\",\"api_app_id\":\""
        + apiAppId
        + "\",\"event\":{\"type\":\"app_mention\",\"user\":\"U123\",\"text\":\"<@UBOT> hi\","
        + "\"ts\":\"1700000000.000100\",\"channel\":\"C123\",\"event_ts\":\"1700000000.000100\"},"
        + "\"type\":\"event_callback\",\"event_id\":\""
        + eventId
        + "\",\"event_time\":1700000000}";
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return q;
  }

  @Test
  void registersBotsWithoutEverShowingASecret() {
    Session ada = Accounts.newUser(anon, "ada");
    String desk = project(ada);
    Api.Res res = ada.api().post(APPS, newBot("helpdesk", desk));
    assertEquals(201, res.status(), res.toString());
    JsonNode bot = res.json();
    assertEquals(
        APPS + "/" + bot.path("id").asText(), URI.create(res.header("Location")).getPath());
    assertEquals("configuring", bot.path("status").asText());
    assertEquals(
        List.of("support", "docs"), Api.JSON.convertValue(bot.path("agent_labels"), List.class));
    assertEquals(ada.userId(), bot.path("owner_id").asText());
    assertTrue(bot.path("urls").path("events").asText().contains("app=" + bot.path("id").asText()));
    assertFalse(res.text().contains("client-secret-helpdesk"), res.text());
    assertFalse(res.text().contains(SIGNING_SECRET), res.text());

    Api.Res list = ada.api().get(APPS);
    assertEquals(200, list.status(), list.toString());
    assertEquals(1, list.json().path("total").asLong());
    assertFalse(list.text().contains(SIGNING_SECRET));

    Api.Res renamed =
        ada.api()
            .patch(
                APPS + "/" + bot.path("id").asText(),
                Map.of("name", "help desk", "agent_labels", List.of("ops")));
    assertEquals(200, renamed.status(), renamed.toString());
    assertEquals("help desk", renamed.json().path("name").asText());
    assertEquals("ops", renamed.json().path("agent_labels").get(0).asText());

    assertProblem(ada.api().post(APPS, newBot("help desk", desk)), 409, "slack_app_name_taken");
  }

  @Test
  void refusesBadInput() {
    Session ada = Accounts.newUser(anon, "ada");
    String desk = project(ada);
    assertInvalid(
        ada.api().post(APPS, Map.of()),
        "name",
        "client_id",
        "client_secret",
        "signing_secret",
        "agent_labels",
        "project_id");
    Map<String, Object> badLabels = newBot("x", desk);
    badLabels.put("agent_labels", List.of("Not A Label"));
    assertInvalid(ada.api().post(APPS, badLabels), "agent_labels");
    Map<String, Object> noLabels = newBot("y", desk);
    noLabels.put("agent_labels", List.of());
    assertInvalid(ada.api().post(APPS, noLabels), "agent_labels");
    Map<String, Object> stranger = newBot("z", desk);
    stranger.put("owner", "00000000-0000-0000-0000-000000000000");
    assertInvalid(ada.api().post(APPS, stranger), "owner");
    assertInvalid(ada.api().post(APPS, newBot("v", "no-such-project")), "project_id");
    Session bob = Accounts.newUser(anon, "bob");
    assertInvalid(ada.api().post(APPS, newBot("u", project(bob))), "project_id");
    Session viewer = Accounts.joinAs(ada, Accounts.newUser(anon, "vic"), "viewer");
    Map<String, Object> viewerOwned = newBot("t", desk);
    viewerOwned.put("owner", viewer.userId());
    assertInvalid(ada.api().post(APPS, viewerOwned), "owner");
    Map<String, Object> wrongType = newBot("w", desk);
    wrongType.put("agent_labels", "support");
    assertEquals(422, ada.api().post(APPS, wrongType).status());
    assertEquals(0, ada.api().get(APPS).json().path("total").asLong(), "nothing was created");
    assertInvalid(ada.api().get(APPS + "?limit=0"), "limit");
  }

  @Test
  void rolesAndWorkspacesAreKeptApart() {
    Session ada = Accounts.newUser(anon, "ada");
    String id = create(ada, "team bot").path("id").asText();
    String viewerKey = Accounts.apiKey(ada, "viewer");
    Api viewer = anon.withApiKey(viewerKey);
    assertEquals(200, viewer.get(APPS + "/" + id).status());
    assertEquals(403, viewer.post(APPS, newBot("mine", project(ada))).status());
    assertEquals(403, viewer.patch(APPS + "/" + id, Map.of("name", "n")).status());
    assertEquals(403, viewer.delete(APPS + "/" + id).status());
    assertEquals(403, viewer.get(APPS + "/" + id + "/install").status());
    assertEquals(403, viewer.get(APPS + "/" + id + "/events").status());

    Session bob = Accounts.newUser(anon, "bob");
    assertProblem(bob.api().get(APPS + "/" + id), 404, "not_found");
    assertProblem(bob.api().patch(APPS + "/" + id, Map.of("name", "n")), 404, "not_found");
    assertProblem(bob.api().delete(APPS + "/" + id), 404, "not_found");
    assertProblem(bob.api().get(APPS + "/" + id + "/install"), 404, "not_found");
    assertProblem(bob.api().get(APPS + "/" + id + "/events"), 404, "not_found");
    assertEquals(0, bob.api().get(APPS).json().path("total").asLong());
    assertEquals("team bot", ada.api().get(APPS + "/" + id).json().path("name").asText());

    Features.setForTenant(ada, "slack", false);
    assertProblem(ada.api().get(APPS), 403, "feature_disabled");
    Features.setForTenant(ada, "slack", true);
    assertEquals(200, ada.api().get(APPS).status());
  }

  @Test
  void installsThroughSlacksOauthOnce() throws Exception {
    Session ada = Accounts.newUser(anon, "ada");
    JsonNode bot = create(ada, "installer");
    String id = bot.path("id").asText();
    slack.stubFor(
        post(urlEqualTo("/api/oauth.v2.access"))
            .withRequestBody(containing("code=good-code-" + id))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(
                        "{\"ok\":true,\"access_token\":\"xoxb-17653672481-19874698323-pdFZKVQJ\","
                            + "\"token_type\":\"bot\",\"scope\":\"app_mentions:read,chat:write\","
                            + "\"bot_user_id\":\"U0KRQLJ9H\",\"app_id\":\"A0KRD7HC3\","
                            + "\"team\":{\"name\":\"Slack Softball Team\",\"id\":\"T9TK3CUKW\"},"
                            + "\"enterprise\":null,\"authed_user\":{\"id\":\"U1234\"},"
                            + "\"is_enterprise_install\":false}")));

    JsonNode link = ada.api().get(APPS + "/" + id + "/install").json();
    Map<String, String> q = query(link.path("url").asText());
    assertTrue(link.path("url").asText().startsWith("https://slack.com/oauth/v2/authorize?"));
    assertEquals("1234567890.0987654321", q.get("client_id"));
    assertTrue(q.get("scope").contains("app_mentions:read"));
    assertTrue(q.get("redirect_uri").endsWith(APPS + "/" + id + "/oauth/callback"));
    String state = q.get("state");

    // a forged state, and a state for another bot, change nothing
    String callback = APPS + "/" + id + "/oauth/callback?code=good-code-" + id + "&state=";
    assertProblem(anon.get(callback + "x.y.z"), 400, "invalid_state");
    assertProblem(
        anon.get(callback + state.substring(0, state.length() - 2) + "AA"), 400, "invalid_state");
    assertProblem(
        anon.get(
            APPS
                + "/"
                + create(ada, "other").path("id").asText()
                + "/oauth/callback?code=c&state="
                + state),
        400,
        "invalid_state");

    Api.Res done = anon.get(callback + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
    assertEquals(200, done.status(), done.toString());
    assertEquals("live", done.json().path("status").asText());
    assertEquals("T9TK3CUKW", done.json().path("team_id").asText());
    assertEquals("A0KRD7HC3", done.json().path("slack_app_id").asText());
    assertFalse(done.text().contains("xoxb-"), done.text());
    slack.verify(
        postRequestedFor(urlEqualTo("/api/oauth.v2.access"))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withRequestBody(containing("client_id=1234567890.0987654321"))
            .withRequestBody(containing("client_secret=client-secret-installer"))
            .withRequestBody(containing("redirect_uri=")));

    // the state is single-use
    assertProblem(
        anon.get(callback + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8)),
        400,
        "invalid_state");
    assertEquals("live", ada.api().get(APPS + "/" + id).json().path("status").asText());
  }

  @Test
  void aRefusedOrFailedExchangeLeavesTheBotConfiguring() throws Exception {
    Session ada = Accounts.newUser(anon, "ada");
    String id = create(ada, "refused").path("id").asText();
    slack.stubFor(
        post(urlEqualTo("/api/oauth.v2.access"))
            .withRequestBody(containing("code=bad-code"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":false,\"error\":\"invalid_code\"}")));
    slack.stubFor(
        post(urlEqualTo("/api/oauth.v2.access"))
            .withRequestBody(containing("code=down-code"))
            .willReturn(aResponse().withStatus(503)));

    String state =
        query(ada.api().get(APPS + "/" + id + "/install").json().path("url").asText()).get("state");
    JsonNode refused =
        assertProblem(
            anon.get(APPS + "/" + id + "/oauth/callback?code=bad-code&state=" + state),
            400,
            "slack_oauth_failed");
    assertTrue(refused.path("detail").asText().contains("invalid_code"), refused.toString());
    assertEquals("configuring", ada.api().get(APPS + "/" + id).json().path("status").asText());

    state =
        query(ada.api().get(APPS + "/" + id + "/install").json().path("url").asText()).get("state");
    assertProblem(
        anon.get(APPS + "/" + id + "/oauth/callback?code=down-code&state=" + state),
        503,
        "slack_unavailable");
    assertEquals("configuring", ada.api().get(APPS + "/" + id).json().path("status").asText());
    assertProblem(
        anon.get(APPS + "/" + id + "/oauth/callback?state=" + state), 400, "invalid_state");
  }

  @Test
  void aRotatingTokenIsRefreshedByOneRefresherAtATime() throws Exception {
    Session ada = Accounts.newUser(anon, "ada");
    JsonNode bot = create(ada, "rotating");
    String id = bot.path("id").asText();
    String url = bot.path("urls").path("events").asText();
    // installed with token rotation: the token has a minute left, within the refresh margin
    slack.stubFor(
        post(urlEqualTo("/api/oauth.v2.access"))
            .withRequestBody(containing("code=rotating-" + id))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"ok\":true,\"access_token\":\"xoxe.xoxb-old-"
                            + id
                            + "\",\"token_type\":\"bot\",\"bot_user_id\":\"UBOT\","
                            + "\"app_id\":\"A1\",\"team\":{\"id\":\"T1\",\"name\":\"Acme\"},"
                            + "\"refresh_token\":\"xoxe-1-first-"
                            + id
                            + "\",\"expires_in\":60}")));
    slack.stubFor(
        post(urlEqualTo("/api/oauth.v2.access"))
            .withRequestBody(containing("refresh_token=xoxe-1-first-" + id))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withFixedDelay(500)
                    .withBody(
                        "{\"ok\":true,\"access_token\":\"xoxe.xoxb-new-"
                            + id
                            + "\",\"token_type\":\"bot\",\"refresh_token\":\"xoxe-1-second-"
                            + id
                            + "\",\"expires_in\":43200}")));
    slack.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1700000001.000001\"}")));
    slack.stubFor(
        post(urlEqualTo("/api/chat.update"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1700000001.000001\"}")));
    String state =
        query(ada.api().get(APPS + "/" + id + "/install").json().path("url").asText()).get("state");
    assertEquals(
        200,
        anon.get(
                APPS
                    + "/"
                    + id
                    + "/oauth/callback?code=rotating-"
                    + id
                    + "&state="
                    + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8))
            .status());

    // two events at once: each needs the token; one refresh only, and both use the new token
    long now = Instant.now().getEpochSecond();
    List<Api.Res> both =
        dev.atelier.testkit.Concurrently.run(
            List.of(
                () ->
                    deliver(
                        url,
                        mention("EvR1", "A1").replace("1700000000.000100", "1700000001.000100"),
                        SIGNING_SECRET,
                        now),
                () ->
                    deliver(
                        url,
                        mention("EvR2", "A1").replace("1700000000.000100", "1700000002.000100"),
                        SIGNING_SECRET,
                        now)));
    for (Api.Res res : both) {
      assertEquals(200, res.status(), res.toString());
    }
    JsonNode events = null;
    for (int i = 0; i < 300; i++) {
      events = ada.api().get(APPS + "/" + id + "/events").json();
      if (events.path("total").asLong() == 2
          && java.util.stream.StreamSupport.stream(events.path("items").spliterator(), false)
              .allMatch(e -> "refused".equals(e.path("status").asText()))) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(2, events.path("total").asLong(), events.toString());
    for (JsonNode e : events.path("items")) {
      assertEquals("refused", e.path("status").asText(), events.toString()); // no agent labelled
    }
    assertEquals(
        1,
        slack
            .findAll(
                postRequestedFor(urlEqualTo("/api/oauth.v2.access"))
                    .withRequestBody(containing("grant_type=refresh_token")))
            .size());
    for (var call : slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))) {
      if (call.getHeader("Authorization").contains(id)) {
        assertEquals("Bearer xoxe.xoxb-new-" + id, call.getHeader("Authorization"));
      }
    }
  }

  @Test
  void verifiesEventsAndKeepsEachOnce() throws Exception {
    Session ada = Accounts.newUser(anon, "ada");
    JsonNode bot = create(ada, "events");
    String id = bot.path("id").asText();
    String url = bot.path("urls").path("events").asText();
    long now = Instant.now().getEpochSecond();

    // Slack checks the Request URL before anything else
    String challenge =
        "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
    Api.Res verified = deliver(url, challenge, SIGNING_SECRET, now);
    assertEquals(200, verified.status(), verified.toString());
    assertEquals(
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        verified.json().path("challenge").asText());

    // forged, stale, unsigned, for nobody: 400, nothing kept
    assertProblem(
        deliver(url, mention("Ev1", "A1"), "another-secret", now), 400, "invalid_signature");
    assertProblem(
        deliver(url, mention("Ev1", "A1"), SIGNING_SECRET, now - 600), 400, "stale_request");
    assertProblem(
        anon.send("POST", url, mention("Ev1", "A1"), "application/json"), 400, "invalid_signature");
    assertProblem(
        deliver(
            url.replace(id, "00000000-0000-0000-0000-000000000000"),
            mention("Ev1", "A1"),
            SIGNING_SECRET,
            now),
        400,
        "invalid_signature");
    assertProblem(
        deliver(
            url.replaceAll("tenant=[^&]+", "tenant=nobody"),
            mention("Ev1", "A1"),
            SIGNING_SECRET,
            now),
        400,
        "invalid_signature");
    assertProblem(deliver(url, "not json", SIGNING_SECRET, now), 400, "malformed_json");
    assertProblem(
        deliver(url, "{\"type\":\"event_callback\"}", SIGNING_SECRET, now), 400, "invalid_payload");
    assertEquals(0, ada.api().get(APPS + "/" + id + "/events").json().path("total").asLong());

    // an event, and Slack's retry of it: kept once
    assertEquals(200, deliver(url, mention("Ev08MFMKH6", "A1"), SIGNING_SECRET, now).status());
    assertEquals(200, deliver(url, mention("Ev08MFMKH6", "A1"), SIGNING_SECRET, now + 1).status());
    assertEquals(200, deliver(url, mention("Ev08MFMKH7", "A1"), SIGNING_SECRET, now).status());
    JsonNode events = ada.api().get(APPS + "/" + id + "/events").json();
    assertEquals(2, events.path("total").asLong(), events.toString());
    assertEquals("app_mention", events.path("items").get(0).path("event_type").asText());

    // a rotated signing secret: the old one no longer signs
    assertEquals(
        200, ada.api().patch(APPS + "/" + id, Map.of("signing_secret", "rotated-secret")).status());
    assertProblem(
        deliver(url, mention("Ev3", "A1"), SIGNING_SECRET, now), 400, "invalid_signature");
    assertEquals(200, deliver(url, mention("Ev3", "A1"), "rotated-secret", now).status());

    // another workspace never sees them; a removed bot receives nothing more
    Session bob = Accounts.newUser(anon, "bob");
    assertProblem(bob.api().get(APPS + "/" + id + "/events"), 404, "not_found");
    assertEquals(204, ada.api().delete(APPS + "/" + id).status());
    assertProblem(ada.api().get(APPS + "/" + id), 404, "not_found");
    assertProblem(
        deliver(url, mention("Ev4", "A1"), "rotated-secret", now), 400, "invalid_signature");
  }
}
