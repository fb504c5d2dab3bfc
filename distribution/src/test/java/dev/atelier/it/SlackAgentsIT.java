package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
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
 * A Slack bot end to end, with every bundled plugin: an admin registers and installs it (Slack's
 * OAuth faked on loopback in its wire format), a mention in a channel launches the allowed agent
 * (on the fake model provider) in the thread's chat, and the answer replaces the bot's placeholder
 * reply; the next message in the thread continues the same chat; a retried event, the bot's own
 * message and a failing run are handled as Slack users expect.
 */
class SlackAgentsIT {

  private static final String APPS = "/api/v1/slack-apps";
  private static final String SIGNING_SECRET = "e2e-signing-secret";
  private static final String TOKEN = "xoxb-17653672481-19874698323-pdFZKVQJ";

  private static WireMockServer slack;
  private static AgentServer server;
  private static Session ada;
  private static String project;
  private static String eventsUrl;
  private static String botId;

  @BeforeAll
  static void start() throws Exception {
    slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    slack.start();
    slack.stubFor(
        post(urlEqualTo("/api/oauth.v2.access"))
            .willReturn(
                json(
                    "{\"ok\":true,\"access_token\":\""
                        + TOKEN
                        + "\",\"token_type\":\"bot\",\"scope\":\"app_mentions:read,chat:write\","
                        + "\"bot_user_id\":\"UBOT\",\"app_id\":\"A0KRD7HC3\","
                        + "\"team\":{\"name\":\"Acme\",\"id\":\"T9TK3CUKW\"},\"enterprise\":null}")));
    slack.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                json(
                    "{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1700000099.000200\","
                        + "\"message\":{\"type\":\"message\",\"text\":\"_Thinking…_\"}}")));
    slack.stubFor(
        post(urlEqualTo("/api/chat.update"))
            .willReturn(
                json(
                    "{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1700000099.000200\",\"text\":\"x\"}")));
    server =
        AgentServer.launch(
            "slack", Map.of("ATELIER_PLUGIN_SLACK_API_BASE", slack.baseUrl() + "/api"));
    ada = server.configured("ada");
    AgentServer.agent(ada, "helper", "[]", "labels: [support]\n");
    AgentServer.agent(ada, "internal", "[]", "labels: [ops]\n");
    project =
        ada.api().post("/api/v1/projects", Map.of("name", "Help desk")).json().path("id").asText();

    Map<String, Object> bot = new HashMap<>();
    bot.put("name", "helpdesk");
    bot.put("client_id", "1234567890.0987654321");
    bot.put("client_secret", "client-secret");
    bot.put("signing_secret", SIGNING_SECRET);
    bot.put("agent_labels", List.of("support"));
    bot.put("project_id", project);
    Api.Res created = ada.api().post(APPS, bot);
    assertEquals(201, created.status(), created.toString());
    botId = created.json().path("id").asText();
    eventsUrl = created.json().path("urls").path("events").asText();
    String link = ada.api().get(APPS + "/" + botId + "/install").json().path("url").asText();
    String state = query(link).get("state");
    Api.Res installed =
        server.anon.get(
            APPS
                + "/"
                + botId
                + "/oauth/callback?code=c0de&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8));
    assertEquals("live", installed.json().path("status").asText(), installed.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (slack != null) {
      slack.stop();
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String b) {
    return aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(b);
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return q;
  }

  private static Map<String, String> form(LoggedRequest r) {
    Map<String, String> f = new HashMap<>();
    for (String pair : r.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      f.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return f;
  }

  /** Delivers an {@code event_callback} as Slack does: signed, with Slack's envelope. */
  private static Api.Res deliver(String eventId, String event) throws Exception {
    String body =
        "{\"token\":\"unused\",\"team_id\":\"T9TK3CUKW\",\"api_app_id\":\"A0KRD7HC3\",\"event\":"
            + event
            + ",\"type\":\"event_callback\",\"event_id\":\""
            + eventId
            + "\",\"event_time\":1700000000}";
    long ts = Instant.now().getEpochSecond();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8));
    StringBuilder signature = new StringBuilder("v0=");
    for (byte b : digest) {
      signature.append(String.format("%02x", b));
    }
    return server
        .anon
        .withHeader("X-Slack-Request-Timestamp", Long.toString(ts))
        .withHeader("X-Slack-Signature", signature.toString())
        .send("POST", eventsUrl, body, "application/json");
  }

  private static String mention(String text, String ts, String threadTs) {
    return "{\"type\":\"app_mention\",\"user\":\"U123\",\"text\":\"<@UBOT> "
        + text
        + "\",\"ts\":\""
        + ts
        + "\","
        + (threadTs == null ? "" : "\"thread_ts\":\"" + threadTs + "\",")
        + "\"channel\":\"C123\",\"event_ts\":\""
        + ts
        + "\"}";
  }

  /** The bot's events, newest first, once event {@code eventId} is {@code status}. */
  private static JsonNode eventOnceItIs(String eventId, String status) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < 300; i++) {
      last = ada.api().get(APPS + "/" + botId + "/events?limit=100").json();
      for (JsonNode e : last.path("items")) {
        if (eventId.equals(e.path("event_id").asText())
            && status.equals(e.path("status").asText())) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(eventId + " never became " + status + ": " + last);
  }

  private static List<LoggedRequest> calls(String method) {
    return slack.findAll(postRequestedFor(urlEqualTo("/api/" + method)));
  }

  @Test
  void aMentionIsAnsweredInItsThreadAndTheThreadIsOneChat() throws Exception {
    int posted = calls("chat.postMessage").size();
    assertEquals(200, deliver("EvA1", mention("what is up?", "1700000001.000100", null)).status());
    JsonNode event = eventOnceItIs("EvA1", "answered");
    assertEquals("succeeded", event.path("detail").asText(), event.toString());

    List<LoggedRequest> posts = calls("chat.postMessage");
    assertEquals(posted + 1, posts.size());
    Map<String, String> placeholder = form(posts.get(posts.size() - 1));
    assertEquals("C123", placeholder.get("channel"));
    assertEquals("1700000001.000100", placeholder.get("thread_ts"));
    assertEquals("Bearer " + TOKEN, posts.get(posts.size() - 1).getHeader("Authorization"));
    List<LoggedRequest> updates =
        slack.findAll(
            postRequestedFor(urlEqualTo("/api/chat.update"))
                .withRequestBody(containing("ts=1700000099.000200")));
    assertTrue(
        updates.stream().anyMatch(u -> "Hello there".equals(form(u).get("text"))),
        updates.toString());

    // the run: a chat turn of the allowed agent, on behalf of the bot's owner
    JsonNode run = ada.api().get("/api/v1/runs/" + event.path("run_id").asText()).json();
    assertEquals("helper", run.path("agent").asText());
    assertEquals("chat", run.path("trigger").asText());
    assertEquals(ada.userId(), run.path("created_by").asText());
    assertEquals("what is up?", run.path("input").asText());

    // the next message of the thread continues the same chat
    assertEquals(
        200,
        deliver("EvA2", mention("and then?", "1700000002.000100", "1700000001.000100")).status());
    eventOnceItIs("EvA2", "answered");
    JsonNode chats = ada.api().get("/api/v1/chat/history/" + project).json();
    assertEquals(1, chats.path("total").asLong(), chats.toString());
    JsonNode chat =
        ada.api().get("/api/v1/chat/" + chats.path("items").get(0).path("id").asText()).json();
    assertEquals(4, chat.path("messages").size(), chat.toString());
    assertEquals("and then?", chat.path("messages").get(2).path("content").asText());

    // Slack retrying an event it thinks was lost changes nothing
    int before = calls("chat.postMessage").size();
    assertEquals(
        200,
        deliver("EvA2", mention("and then?", "1700000002.000100", "1700000001.000100")).status());
    Thread.sleep(1500);
    assertEquals(before, calls("chat.postMessage").size());
  }

  /** Waits up to 60 s for {@code condition}. */
  private static void until(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never: " + what + "; chat.update calls: " + calls("chat.update"));
  }

  private static List<String> updatesStartingWith(String prefix) {
    return calls("chat.update").stream()
        .map(u -> form(u).get("text"))
        .filter(t -> t != null && t.startsWith(prefix))
        .toList();
  }

  @Test
  void theAnswerShowsAsItIsWritten() throws Exception {
    server.provider.close("slack-midway");
    assertEquals(
        200,
        deliver("EvC1", mention("midway hold:slack-midway", "1700000006.000100", null)).status());
    server.provider.awaitHeld("slack-midway", 1);
    // half the answer is in the reply while the model still writes
    until(() -> updatesStartingWith("Part one").contains("Part one …"), "a preview of the answer");
    eventOnceItIs("EvC1", "answering");
    server.provider.open("slack-midway");
    JsonNode done = eventOnceItIs("EvC1", "answered");
    assertEquals("succeeded", done.path("detail").asText(), done.toString());
    // the whole answer has the last word, whatever preview was in flight
    until(
        () -> {
          List<String> texts = updatesStartingWith("Part one");
          return texts.get(texts.size() - 1).equals("Part one and two");
        },
        "the answer as the reply's last text");
    Thread.sleep(2500); // one more preview period: nothing comes after the answer
    List<String> texts = updatesStartingWith("Part one");
    assertEquals("Part one and two", texts.get(texts.size() - 1), texts.toString());
  }

  @Test
  void theBotsOwnMessagesAndFailuresAreHandled() throws Exception {
    int posted = calls("chat.postMessage").size();
    String own =
        "{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\"UBOT\",\"bot_id\":\"B1\","
            + "\"text\":\"Hello there\",\"ts\":\"1700000003.000100\",\"channel\":\"D1\"}";
    assertEquals(200, deliver("EvB1", own).status());
    JsonNode ignored = eventOnceItIs("EvB1", "ignored");
    assertEquals("not a message for the bot", ignored.path("detail").asText());
    assertEquals(posted, calls("chat.postMessage").size());

    assertEquals(200, deliver("EvB2", mention("fail please", "1700000004.000100", null)).status());
    JsonNode failed = eventOnceItIs("EvB2", "answered");
    assertEquals("failed", failed.path("detail").asText(), failed.toString());
    assertTrue(
        calls("chat.update").stream()
            .anyMatch(u -> form(u).get("text").startsWith("_Something went wrong")),
        calls("chat.update").toString());

    // a direct message works like a mention
    String direct =
        "{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\"U123\",\"text\":\"hi\","
            + "\"ts\":\"1700000005.000100\",\"channel\":\"D1\"}";
    assertEquals(200, deliver("EvB3", direct).status());
    eventOnceItIs("EvB3", "answered");
  }
}
