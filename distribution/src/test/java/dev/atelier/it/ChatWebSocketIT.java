package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat WebSocket with the JDK's WebSocket client, on a server of its own with a fake model
 * provider ({@link AgentServer}): turns with deltas, tool calls and approvals, several turns on one
 * socket, cancel, authentication at the handshake, bad frames, leaving and resuming.
 */
class ChatWebSocketIT {

  private static final String ORIGIN = "https://studio.example.test";
  private static final int RUNS_PER_MINUTE = 6;
  private static AgentServer agents;

  @BeforeAll
  static void start() throws Exception {
    agents =
        AgentServer.launch(
            "chatws",
            Map.of(
                "ATELIER_HTTP_WEBSOCKET_ORIGINS",
                ORIGIN,
                "ATELIER_RATE_LIMIT_RUNS_PER_MINUTE",
                Integer.toString(RUNS_PER_MINUTE)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (agents != null) {
      agents.close();
    }
  }

  // --- fixtures

  /** A user with the fake provider, an agent {@code talker} with {@code tools}, and a project. */
  private record Setup(Session user, String projectId) {}

  private static Setup setup(String hint, String tools, String extra) {
    Session s = agents.configured(hint);
    AgentServer.agent(s, "talker", tools, extra);
    String project =
        s.api().post("/api/v1/projects", Map.of("name", hint)).json().path("id").asText();
    return new Setup(s, project);
  }

  /** A chat with one finished turn (chats are started over server-sent events). */
  private static String chat(Setup setup) throws Exception {
    List<String[]> events =
        agents.chat(
            setup.user(),
            Map.of("project_id", setup.projectId(), "agent", "talker", "message", "say hello"),
            100);
    assertEquals("message.done", events.get(events.size() - 1)[0]);
    return Api.JSON.readTree(events.get(0)[1]).path("chat_id").asText();
  }

  private static String url(String chatId, Map<String, String> query) {
    StringBuilder url =
        new StringBuilder(agents.baseUrl().replace("http://", "ws://"))
            .append("/api/v1/chat/ws/")
            .append(chatId);
    String sep = "?";
    for (var e : query.entrySet()) {
      url.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = "&";
    }
    return url.toString();
  }

  /** Opens a socket with the user's access token in {@code Authorization}. */
  private static Socket open(Session s, String chatId) {
    return Socket.open(url(chatId, Map.of()), Map.of("Authorization", "Bearer " + s.accessToken()));
  }

  /** A client socket that collects the frames it receives. */
  static final class Socket implements WebSocket.Listener {
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    WebSocket ws;

    static Socket open(String url, Map<String, String> headers) {
      Socket socket = new Socket();
      WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
      headers.forEach(b::header);
      socket.ws = b.buildAsync(URI.create(url), socket).join();
      return socket;
    }

    /** The status and body of a refused handshake. */
    static HttpResponse<?> refused(String url, Map<String, String> headers) {
      try {
        Socket s = open(url, headers);
        s.ws.abort();
        throw new AssertionError("the handshake was accepted");
      } catch (CompletionException e) {
        if (e.getCause() instanceof WebSocketHandshakeException h) {
          return h.getResponse();
        }
        throw e;
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          frames.add(Api.JSON.readTree(text.toString()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    void send(Map<String, ?> frame) {
      try {
        sendText(Api.JSON.writeValueAsString(frame));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    void sendText(String text) {
      ws.sendText(text, true).join();
    }

    JsonNode next() throws InterruptedException {
      JsonNode f = frames.poll(30, TimeUnit.SECONDS);
      if (f == null) {
        fail("no frame within 30 s");
      }
      return f;
    }

    /** The frames up to and including the first of {@code type}. */
    List<JsonNode> until(String type) throws InterruptedException {
      List<JsonNode> out = new ArrayList<>();
      JsonNode f;
      do {
        f = next();
        out.add(f);
      } while (!type.equals(f.path("type").asText()));
      return out;
    }

    /** The next frame, which must be an error with {@code code}. */
    JsonNode error(String code) throws InterruptedException {
      JsonNode f = next();
      assertEquals("error", f.path("type").asText(), f.toString());
      assertEquals(code, f.path("data").path("code").asText(), f.toString());
      assertTrue(f.path("data").path("message").asText().length() > 0, f.toString());
      assertTrue(f.path("id").isNull(), f.toString());
      return f;
    }

    void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  private static List<String> types(List<JsonNode> frames) {
    return frames.stream().map(f -> f.path("type").asText()).toList();
  }

  private static String deltas(List<JsonNode> frames) {
    StringBuilder out = new StringBuilder();
    frames.stream()
        .filter(f -> "message.delta".equals(f.path("type").asText()))
        .forEach(f -> out.append(f.path("data").path("text").asText()));
    return out.toString();
  }

  private static JsonNode lastAnswer(Session s, String chatId, String status) throws Exception {
    JsonNode answer = null;
    for (int i = 0; i < 300; i++) {
      JsonNode messages = s.api().get("/api/v1/chat/" + chatId).json().path("messages");
      answer = messages.get(messages.size() - 1);
      if (status.equals(answer.path("status").asText())) {
        return answer;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the answer did not reach " + status + ": " + answer);
  }

  // --- turns

  @Test
  void aTurnStreamsDeltasToolCallsAndTheAnswer() throws Exception {
    Setup setup = setup("wsturn", "[write_file]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    socket.send(Map.of("type", "message", "message", "write a file"));
    List<JsonNode> frames = socket.until("message.done");
    List<String> types = types(frames);
    assertEquals("chat.started", types.get(0), types.toString());
    assertTrue(types.contains("message.delta"), types.toString());
    assertTrue(
        types.indexOf("tool.call") < types.indexOf("tool.result")
            && types.indexOf("tool.result") < types.indexOf("message.done"),
        types.toString());
    String runId = frames.get(0).path("data").path("run_id").asText();
    for (JsonNode f : frames) {
      assertEquals(chatId, f.path("data").path("chat_id").asText(), f.toString());
      assertEquals(runId, f.path("data").path("run_id").asText(), f.toString());
    }
    JsonNode call = frames.get(types.indexOf("tool.call"));
    assertEquals("write_file", call.path("data").path("name").asText(), call.toString());
    assertTrue(call.path("id").asLong() > 0, "stored events carry their number: " + call);
    assertTrue(frames.get(0).path("id").isNull(), "chat.started has no number");
    JsonNode done = frames.get(frames.size() - 1);
    assertTrue(done.path("id").asLong() > call.path("id").asLong(), done.toString());
    assertEquals(deltas(frames), done.path("data").path("content").asText());
    assertTrue(done.path("data").path("content").asText().startsWith("Done: "), done.toString());

    Api.Res file =
        setup.user().api().get("/api/v1/projects/" + setup.projectId() + "/files/notes.txt");
    assertEquals(200, file.status(), file.toString());
    assertEquals(
        done.path("data").path("content").asText(),
        lastAnswer(setup.user(), chatId, "succeeded").path("content").asText());
    socket.close();
    assertEquals(WebSocket.NORMAL_CLOSURE, socket.closed.get(30, TimeUnit.SECONDS));
  }

  @Test
  void oneSocketServesManyTurns() throws Exception {
    Setup setup = setup("wstwo", "[]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    socket.send(Map.of("type", "message", "message", "say hello"));
    List<JsonNode> first = socket.until("message.done");
    assertEquals("Hello there", deltas(first));
    socket.send(Map.of("type", "message", "message", "say hello again"));
    List<JsonNode> second = socket.until("message.done");
    assertEquals("chat.started", second.get(0).path("type").asText());
    assertFalse(
        first
            .get(0)
            .path("data")
            .path("run_id")
            .asText()
            .equals(second.get(0).path("data").path("run_id").asText()),
        "each turn is a run of its own");
    JsonNode sent = agents.provider.requests.get(agents.provider.requests.size() - 1);
    assertEquals(6, sent.path("messages").size(), "the model sees the conversation: " + sent);
    JsonNode conversation = setup.user().api().get("/api/v1/chat/" + chatId).json();
    assertEquals(6, conversation.path("messages").size(), conversation.toString());
    socket.send(Map.of("type", "ping"));
    assertEquals("pong", socket.next().path("type").asText());
    socket.close();
  }

  @Test
  void aTurnCanBeCancelled() throws Exception {
    Setup setup = setup("wscancel", "[]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    socket.send(Map.of("type", "message", "message", "slow answer"));
    socket.until("message.delta");
    socket.send(Map.of("type", "cancel"));
    List<JsonNode> rest = socket.until("error");
    JsonNode cancelled = rest.get(rest.size() - 1);
    assertEquals("cancelled", cancelled.path("data").path("code").asText(), cancelled.toString());
    assertTrue(cancelled.path("id").asLong() > 0, "the end of a turn is a stored event");
    assertEquals(
        "cancelled", lastAnswer(setup.user(), chatId, "cancelled").path("status").asText());
    socket.send(Map.of("type", "cancel"));
    socket.error("chat_idle");
    socket.close();
  }

  // --- authentication and access

  @Test
  void theHandshakeTakesAHeaderOrAQueryToken() throws Exception {
    Setup setup = setup("wsauth", "[]", "");
    String chatId = chat(setup);
    Session s = setup.user();

    Socket byQuery = Socket.open(url(chatId, Map.of("access_token", s.accessToken())), Map.of());
    byQuery.send(Map.of("type", "ping"));
    assertEquals("pong", byQuery.next().path("type").asText());
    byQuery.close();

    Api.Res created = s.api().post("/api/v1/api-keys", Map.of("name", "socket"));
    assertEquals(201, created.status(), created.toString());
    String key = created.json().path("key").asText();
    Socket byKey = Socket.open(url(chatId, Map.of("token", key)), Map.of());
    byKey.send(Map.of("type", "message", "message", "say hello"));
    assertEquals("Hello there", deltas(byKey.until("message.done")));
    byKey.close();
    Socket byKeyHeader = Socket.open(url(chatId, Map.of()), Map.of("X-API-Key", key));
    byKeyHeader.send(Map.of("type", "ping"));
    assertEquals("pong", byKeyHeader.next().path("type").asText());
    byKeyHeader.close();
  }

  @Test
  void noOrABadCredentialIsRefusedBeforeTheUpgrade() throws Exception {
    Setup setup = setup("wsanon", "[]", "");
    String chatId = chat(setup);
    assertRefused(Socket.refused(url(chatId, Map.of()), Map.of()), 401, "unauthorized");
    JsonNode badToken =
        assertRefused(
            Socket.refused(url(chatId, Map.of("access_token", "not-a-token")), Map.of()),
            401,
            "unauthorized");
    assertFalse(badToken.toString().contains("not-a-token"), "no token in the answer");
    assertRefused(
        Socket.refused(url(chatId, Map.of()), Map.of("Authorization", "Bearer nope")),
        401,
        "unauthorized");
    assertRefused(
        Socket.refused(
            url(chatId, Map.of()), Map.of("X-API-Key", "atl_live_aaaaaaaaaaaa_" + "b".repeat(32))),
        401,
        "unauthorized");
    HttpResponse<?> basic =
        Socket.refused(url(chatId, Map.of()), Map.of("Authorization", "Basic dTpw"));
    assertRefused(basic, 401, "unauthorized");
    assertTrue(basic.headers().firstValue("WWW-Authenticate").isPresent());
  }

  @Test
  void anotherWorkspacesChatLooksMissing() throws Exception {
    Setup setup = setup("wsowner", "[]", "");
    String chatId = chat(setup);
    Session bob = agents.configured("wsbob");
    HttpResponse<?> foreign =
        Socket.refused(
            url(chatId, Map.of()), Map.of("Authorization", "Bearer " + bob.accessToken()));
    HttpResponse<?> missing =
        Socket.refused(
            url(UUID.randomUUID().toString(), Map.of()),
            Map.of("Authorization", "Bearer " + bob.accessToken()));
    JsonNode a = assertRefused(foreign, 404, "not_found");
    JsonNode b = assertRefused(missing, 404, "not_found");
    assertEquals(a.path("detail"), b.path("detail"));
    assertEquals(a.path("title"), b.path("title"));
  }

  @Test
  void theHandshakeIsChecked() throws Exception {
    Setup setup = setup("wscheck", "[]", "");
    String chatId = chat(setup);
    Map<String, String> auth = Map.of("Authorization", "Bearer " + setup.user().accessToken());
    assertRefused(Socket.refused(url(chatId, Map.of("after", "x")), auth), 422, "validation_error");
    assertRefused(
        Socket.refused(url(chatId, Map.of("after", "-1")), auth), 422, "validation_error");
    assertRefused(
        Socket.refused(url(chatId, Map.of("run_id", UUID.randomUUID().toString())), auth),
        422,
        "validation_error");
    Map<String, String> foreignOrigin = new LinkedHashMap<>(auth);
    foreignOrigin.put("Origin", "https://evil.example.test");
    assertRefused(Socket.refused(url(chatId, Map.of()), foreignOrigin), 403, "origin_not_allowed");
    Map<String, String> ownOrigin = new LinkedHashMap<>(auth);
    ownOrigin.put("Origin", ORIGIN);
    Socket fromBrowser = Socket.open(url(chatId, Map.of()), ownOrigin);
    fromBrowser.send(Map.of("type", "ping"));
    assertEquals("pong", fromBrowser.next().path("type").asText());
    fromBrowser.close();
    // the socket's path is not an HTTP operation, so the document does not have it (its chat_id
    // would otherwise be taken for a path of GET /api/v1/chat/{chat_id})
    Api.Res plain =
        setup
            .user()
            .api()
            .unchecked("a WebSocket endpoint, not in the OpenAPI document")
            .get("/api/v1/chat/ws/" + chatId);
    assertProblem(plain, 426, "upgrade_required");
  }

  @Test
  void aViewerWatchesButCannotSend() throws Exception {
    Setup setup = setup("wsviewed", "[]", "");
    String chatId = chat(setup);
    Session viewer =
        Accounts.joinAs(setup.user(), Accounts.newUser(agents.anon, "wsviewer"), "viewer");
    Socket watching = open(viewer, chatId);
    watching.send(Map.of("type", "message", "message", "say hello"));
    watching.error("forbidden");
    watching.send(Map.of("type", "cancel"));
    watching.error("forbidden");

    Socket operator = open(setup.user(), chatId);
    operator.send(Map.of("type", "approval", "approved", true));
    operator.error("run_not_awaiting_approval");
    operator.send(Map.of("type", "message", "message", "slow answer"));
    String runId = operator.next().path("data").path("run_id").asText();
    watching.close();
    Socket late = open(viewer, chatId);
    List<JsonNode> seen = late.until("message.done");
    assertEquals("chat.started", seen.get(0).path("type").asText());
    assertEquals(runId, seen.get(0).path("data").path("run_id").asText());
    assertEquals(
        "one two three four five", seen.get(seen.size() - 1).path("data").path("content").asText());
    late.close();
    operator.until("message.done");
    operator.close();
  }

  @Test
  void aCredentialThatEndsEndsTheSocket() throws Exception {
    Setup setup = setup("wslogout", "[]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    assertEquals(204, setup.user().api().post("/api/v1/auth/logout", Map.of()).status());
    socket.send(Map.of("type", "message", "message", "say hello"));
    socket.error("unauthorized");
    assertEquals(1008, socket.closed.get(30, TimeUnit.SECONDS));
  }

  // --- bad frames

  @Test
  void badFramesAreAnsweredAndTheSocketGoesOn() throws Exception {
    Setup setup = setup("wsbad", "[]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    socket.sendText("not json");
    socket.error("malformed_json");
    socket.sendText("[1, 2]");
    socket.error("malformed_json");
    socket.sendText("{}");
    assertEquals(
        "type",
        socket.error("validation_error").path("data").path("errors").get(0).path("field").asText());
    socket.send(Map.of("type", "dance"));
    socket.error("unknown_type");
    socket.send(Map.of("type", "message", "message", ""));
    assertEquals(
        "message",
        socket.error("validation_error").path("data").path("errors").get(0).path("field").asText());
    socket.send(Map.of("type", "message", "message", 5));
    socket.error("validation_error");
    socket.send(Map.of("type", "approval", "approved", "yes"));
    socket.error("validation_error");
    socket.sendText("{\"type\":\"message\",\"message\":\"" + "x".repeat(1_100_000) + "\"}");
    socket.error("payload_too_large");
    socket.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
    socket.error("unsupported_media_type");

    socket.send(Map.of("type", "message", "message", "slow answer"));
    assertEquals("chat.started", socket.next().path("type").asText());
    socket.send(Map.of("type", "message", "message", "say hello"));
    JsonNode busy = null;
    List<JsonNode> frames = new ArrayList<>();
    for (JsonNode f = socket.next(); ; f = socket.next()) {
      frames.add(f);
      if ("error".equals(f.path("type").asText())) {
        busy = f;
        break;
      }
    }
    assertEquals("turn_in_progress", busy.path("data").path("code").asText(), busy.toString());
    frames.addAll(socket.until("message.done"));
    assertEquals("one two three four five", deltas(frames));
    socket.send(Map.of("type", "ping"));
    assertEquals("pong", socket.next().path("type").asText());
    socket.close();
  }

  @Test
  void turnsCountAgainstTheRunsRateLimit() throws Exception {
    Setup setup = setup("wslimit", "[]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    JsonNode limited = null;
    for (int i = 0; i < 2 * RUNS_PER_MINUTE + 2 && limited == null; i++) {
      socket.send(Map.of("type", "message", "message", "slow answer"));
      for (JsonNode f = socket.next(); ; f = socket.next()) {
        if ("chat.started".equals(f.path("type").asText())) {
          break;
        }
        if ("error".equals(f.path("type").asText())) {
          if ("rate_limited".equals(f.path("data").path("code").asText())) {
            limited = f;
          }
          break;
        }
      }
    }
    assertNotNull(limited, "a turn beyond the runs limit is refused");
    assertTrue(limited.path("data").path("retry_after").asLong() > 0, limited.toString());
    socket.ws.abort();
  }

  // --- leaving and coming back

  @Test
  void aClientThatLeavesMidAnswerFindsItInTheHistory() throws Exception {
    Setup setup = setup("wsleave", "[]", "");
    String chatId = chat(setup);
    Socket socket = open(setup.user(), chatId);
    socket.send(Map.of("type", "message", "message", "slow answer"));
    socket.until("message.delta");
    socket.ws.abort();
    assertEquals(
        "one two three four five",
        lastAnswer(setup.user(), chatId, "succeeded").path("content").asText());
  }

  @Test
  void aReconnectingClientSeesTheTurnInProgressAndApprovesIt() throws Exception {
    Setup setup = setup("wsback", "[write_file]", "approval_required: [write_file]\n");
    String chatId = chat(setup);
    Socket first = open(setup.user(), chatId);
    first.send(Map.of("type", "message", "message", "write a file"));
    List<JsonNode> before = first.until("approval.required");
    String runId = before.get(0).path("data").path("run_id").asText();
    first.close();

    Socket again = open(setup.user(), chatId);
    List<JsonNode> replay = again.until("approval.required");
    assertEquals("chat.started", replay.get(0).path("type").asText());
    assertEquals(runId, replay.get(0).path("data").path("run_id").asText());
    JsonNode waiting = replay.get(replay.size() - 1);
    assertEquals(
        "write_file",
        waiting.path("data").path("tool_calls").get(0).path("name").asText(),
        waiting.toString());
    again.send(Map.of("type", "approval", "approved", true));
    List<JsonNode> rest = again.until("message.done");
    assertTrue(types(rest).contains("tool.result"), types(rest).toString());
    assertEquals(
        200,
        setup
            .user()
            .api()
            .get("/api/v1/projects/" + setup.projectId() + "/files/notes.txt")
            .status());
    again.close();

    long toolResult =
        rest.stream()
            .filter(f -> "tool.result".equals(f.path("type").asText()))
            .findFirst()
            .orElseThrow()
            .path("id")
            .asLong();
    Socket resumed =
        Socket.open(
            url(chatId, Map.of("run_id", runId, "after", Long.toString(toolResult))),
            Map.of("Authorization", "Bearer " + setup.user().accessToken()));
    List<JsonNode> tail = resumed.until("message.done");
    assertEquals("chat.started", tail.get(0).path("type").asText());
    for (JsonNode f : tail.subList(1, tail.size())) {
      assertTrue(f.path("id").asLong() > toolResult, "only what came after: " + f);
    }
    assertEquals(
        rest.get(rest.size() - 1).path("data").path("content"),
        tail.get(tail.size() - 1).path("data").path("content"));
    resumed.close();
  }

  private static JsonNode assertRefused(HttpResponse<?> res, int status, String code)
      throws Exception {
    assertEquals(status, res.statusCode(), String.valueOf(res.body()));
    assertTrue(
        res.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        res.headers().toString());
    JsonNode body = Api.JSON.readTree(String.valueOf(res.body()));
    assertEquals(code, body.path("code").asText(), body.toString());
    return body;
  }
}
