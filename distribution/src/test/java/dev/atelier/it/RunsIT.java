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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs end to end, on a server of its own with a fake model provider ({@link AgentServer}). */
class RunsIT {

  private static final String RUNS = "/api/v1/runs";
  private static AgentServer agents;
  private static FakeModelProvider provider;
  private static AtelierServer.Running server;
  private static Api anon;
  private static Session ada;

  @BeforeAll
  static void start() throws Exception {
    // a chat of 25 turns starts 25 runs within the minute
    agents = AgentServer.launch("runs", Map.of("ATELIER_RATE_LIMIT_RUNS_PER_MINUTE", "1000"));
    provider = agents.provider;
    server = agents.server;
    anon = agents.anon;
    ada = configured("ada");
  }

  @AfterAll
  static void stop() throws Exception {
    if (agents != null) {
      agents.close();
    }
  }

  private static Session configured(String hint) {
    return agents.configured(hint);
  }

  private static void agent(Session s, String name, String tools, String extra) {
    AgentServer.agent(s, name, tools, extra);
  }

  private static String start(Session s, Map<String, ?> body) {
    Api.Res res = s.api().post(RUNS, body);
    assertEquals(202, res.status(), res.toString());
    assertEquals("queued", res.json().path("status").asText(), res.toString());
    assertTrue(res.header("Location").endsWith(res.json().path("run_id").asText()));
    return res.json().path("run_id").asText();
  }

  private static JsonNode until(Session s, String runId, String... statuses) throws Exception {
    return AgentServer.until(s, runId, statuses);
  }

  private static List<String> kinds(JsonNode run) {
    List<String> out = new ArrayList<>();
    run.path("steps")
        .forEach(st -> out.add(st.path("kind").asText() + ":" + st.path("name").asText()));
    return out;
  }

  @Test
  void aRunAnswersAndCountsTokensAndCost() throws Exception {
    agent(ada, "greeter", "[]", "");
    String id = start(ada, Map.of("agent", "greeter", "message", "say hello"));
    JsonNode run = until(ada, id, "succeeded", "failed");
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    assertEquals("Hello there", run.path("output").asText());
    assertEquals(12, run.path("tokens_input").asLong());
    assertEquals(5, run.path("tokens_output").asLong());
    assertEquals(0.000022, run.path("cost").asDouble(), 1e-9, run.toString());
    assertEquals(List.of("model_call:openai:fake-1"), kinds(run));
    assertEquals("api", run.path("trigger").asText());
    JsonNode sent = provider.requests.get(provider.requests.size() - 1);
    assertEquals("fake-1", sent.path("model").asText(), "the provider gets the bare model name");
    assertEquals("system", sent.path("messages").get(0).path("role").asText());
  }

  @Test
  void toolCallsRunAndTheirResultsGoBack() throws Exception {
    Session s = configured("tools");
    agent(s, "lister", "[list_files]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Files")).json().path("id").asText();
    assertEquals(
        201,
        s.api()
            .put("/api/v1/projects/" + project + "/files/readme.md", Map.of("content", "# hi"))
            .status());
    String id = start(s, Map.of("agent", "lister", "message", "list files", "project_id", project));
    JsonNode run = until(s, id, "succeeded", "failed");
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    assertEquals(
        List.of("model_call:openai:fake-1", "tool_call:list_files", "model_call:openai:fake-1"),
        kinds(run));
    JsonNode tool = run.path("steps").get(1);
    assertEquals("{\"path\":\"\"}", tool.path("arguments").asText(), "fragments joined");
    assertTrue(tool.path("result").asText().contains("readme.md"), tool.toString());
    assertTrue(run.path("output").asText().startsWith("Done: "), run.toString());
    assertEquals(24, run.path("tokens_input").asLong(), "two model calls");
  }

  @Test
  void readOnlyToolCallsOfOneStepRunTogether() throws Exception {
    Session s = configured("parallel");
    agent(s, "reader", "[list_files, read_file]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Two")).json().path("id").asText();
    s.api().put("/api/v1/projects/" + project + "/files/readme.md", Map.of("content", "# hi"));
    String id = start(s, Map.of("agent", "reader", "message", "list twice", "project_id", project));
    JsonNode run = until(s, id, "succeeded", "failed");
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    List<String> steps = kinds(run);
    assertEquals(4, steps.size(), steps.toString());
    assertTrue(steps.containsAll(List.of("tool_call:list_files", "tool_call:read_file")));
    run.path("steps")
        .forEach(st -> assertEquals("succeeded", st.path("status").asText(), st.toString()));
    List<String[]> events = sse(s, id, null);
    List<String> ids = events.stream().map(e -> e[0]).toList();
    assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "event numbers are unique");
    assertEquals(
        2, events.stream().filter(e -> "tool.result".equals(e[1])).count(), events.toString());
  }

  @Test
  void aToolThatNeedsApprovalWaitsForAPerson() throws Exception {
    Session s = configured("approver");
    agent(s, "writer", "[write_file]", "approval_required: [write_file]\n");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "W")).json().path("id").asText();
    String id =
        start(s, Map.of("agent", "writer", "message", "write a file", "project_id", project));
    JsonNode waiting = until(s, id, "awaiting_approval", "failed");
    assertEquals("awaiting_approval", waiting.path("status").asText(), waiting.toString());
    assertEquals(404, s.api().get("/api/v1/projects/" + project + "/files/notes.txt").status());

    Session viewer = Accounts.joinAs(s, Accounts.newUser(anon, "viewer"), "viewer");
    assertProblem(
        viewer.api().post(RUNS + "/" + id + "/approval", Map.of("approved", true)),
        403,
        "forbidden");
    assertInvalid(s.api().post(RUNS + "/" + id + "/approval", Map.of()), "approved");
    assertInvalid(
        s.api()
            .post(RUNS + "/" + id + "/approval", Map.of("approved", true, "tool_call_id", "nope")),
        "tool_call_id");

    Api.Res approved = s.api().post(RUNS + "/" + id + "/approval", Map.of("approved", true));
    assertEquals(200, approved.status(), approved.toString());
    JsonNode done = until(s, id, "succeeded", "failed");
    assertEquals("succeeded", done.path("status").asText(), done.toString());
    Api.Res file = s.api().get("/api/v1/projects/" + project + "/files/notes.txt");
    assertEquals(200, file.status(), file.toString());
    assertProblem(
        s.api().post(RUNS + "/" + id + "/approval", Map.of("approved", true)),
        409,
        "run_not_awaiting_approval");
  }

  @Test
  void aDeniedToolCallTellsTheModel() throws Exception {
    Session s = configured("denier");
    agent(s, "writer", "[write_file]", "approval_required: [write_file]\n");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "D")).json().path("id").asText();
    String id =
        start(s, Map.of("agent", "writer", "message", "write a file", "project_id", project));
    until(s, id, "awaiting_approval");
    s.api().post(RUNS + "/" + id + "/approval", Map.of("approved", false, "reason", "not today"));
    JsonNode done = until(s, id, "succeeded", "failed");
    JsonNode tool = done.path("steps").get(1);
    assertEquals("failed", tool.path("status").asText(), done.toString());
    assertTrue(tool.path("result").asText().contains("not today"), tool.toString());
    assertEquals(404, s.api().get("/api/v1/projects/" + project + "/files/notes.txt").status());
  }

  @Test
  void aCancelledRunStopsWithinAStep() throws Exception {
    Session s = configured("canceller");
    agent(s, "slowpoke", "[]", "");
    String id = start(s, Map.of("agent", "slowpoke", "message", "slow please"));
    until(s, id, "running");
    Api.Res cancel = s.api().post(RUNS + "/" + id + "/cancel", null);
    assertEquals(200, cancel.status(), cancel.toString());
    JsonNode run = until(s, id, "cancelled", "succeeded", "failed");
    assertEquals("cancelled", run.path("status").asText(), run.toString());
    assertProblem(s.api().post(RUNS + "/" + id + "/cancel", null), 409, "run_finished");
  }

  @Test
  void eventsStreamAndResumeAfterLastEventId() throws Exception {
    agent(ada, "streamer", "[]", "");
    String id = start(ada, Map.of("agent", "streamer", "message", "say hello"));
    until(ada, id, "succeeded");
    List<String[]> all = sse(ada, id, null);
    List<String> types = all.stream().map(e -> e[1]).toList();
    assertEquals("run.succeeded", types.get(types.size() - 1), types.toString());
    assertTrue(types.contains("step.started") && types.contains("step.finished"), types.toString());
    List<String[]> rest = sse(ada, id, all.get(1)[0]);
    assertEquals(all.size() - 2, rest.size());
    assertEquals(all.get(2)[0], rest.get(0)[0]);
    assertEquals(
        0, sse(ada, id, all.get(all.size() - 1)[0]).size(), "nothing after the last: the end");
    assertProblem(
        ada.api().withHeader("Last-Event-ID", "x").get(RUNS + "/" + id + "/events"),
        400,
        "invalid_last_event_id");
  }

  @Test
  void manyStreamsOfOneRunEachGetEveryEventOnceAndInOrder() throws Exception {
    Session s = configured("crowd");
    agent(s, "crowd", "[list_files]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Crowd")).json().path("id").asText();
    String id = start(s, Map.of("agent", "crowd", "message", "slow tools", "project_id", project));
    ExecutorService clients = Executors.newFixedThreadPool(40);
    try {
      List<Future<List<String[]>>> fromStart = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        fromStart.add(clients.submit(() -> sse(s, id, null)));
      }
      // the others join while the run goes on, each resuming after an event that may not exist
      // yet, so they switch from the stored backlog to live events at different moments
      Map<Future<List<String[]>>, Long> resumed = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        Thread.sleep(120);
        long after = i % 4 + 1;
        resumed.put(clients.submit(() -> sse(s, id, Long.toString(after))), after);
      }
      JsonNode run = until(s, id, "succeeded", "failed");
      assertEquals("succeeded", run.path("status").asText(), run.toString());
      List<String[]> replay = sse(s, id, null);
      for (Future<List<String[]>> f : fromStart) {
        assertStream(f.get(60, TimeUnit.SECONDS), replay, 0);
      }
      for (Map.Entry<Future<List<String[]>>, Long> e : resumed.entrySet()) {
        assertStream(e.getKey().get(60, TimeUnit.SECONDS), replay, e.getValue());
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * {@code got} has every stored event of {@code replay} after number {@code after} exactly once
   * and in order, ends with the run's last event, and shows each text delta inside its model step.
   */
  private static void assertStream(List<String[]> got, List<String[]> replay, long after)
      throws Exception {
    List<String> want =
        replay.stream()
            .filter(e -> e[0] != null && Long.parseLong(e[0]) > after)
            .map(e -> e[0] + " " + e[1])
            .toList();
    List<String> stored =
        got.stream().filter(e -> e[0] != null).map(e -> e[0] + " " + e[1]).toList();
    assertEquals(want, stored, "after " + after);
    String[] lastStored = null;
    for (String[] e : got) {
      if (e[0] != null) {
        lastStored = e;
      } else if ("message.delta".equals(e[1]) && (lastStored != null || after == 0)) {
        assertTrue(
            lastStored != null && "step.started".equals(lastStored[1]),
            "a delta outside its step, after " + (lastStored == null ? "nothing" : lastStored[1]));
        assertEquals(
            Api.JSON.readTree(lastStored[2]).path("seq").asInt(),
            Api.JSON.readTree(e[2]).path("seq").asInt(),
            "a delta of another step");
      }
    }
  }

  @Test
  void waitingStreamsHoldNoThreadsThatTheRunNeeds() throws Exception {
    Session s = configured("waiters");
    agent(s, "writer", "[write_file]", "approval_required: [write_file]\n");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Waiting")).json().path("id").asText();
    String id =
        start(s, Map.of("agent", "writer", "message", "write a file", "project_id", project));
    until(s, id, "awaiting_approval");
    // more clients than the server's shared executor has threads (200), spread over three people
    // so that no one reaches the per-minute request limit
    List<Session> people =
        List.of(
            s,
            Accounts.joinAs(s, Accounts.newUser(anon, "waiter1"), "viewer"),
            Accounts.joinAs(s, Accounts.newUser(anon, "waiter2"), "viewer"));
    int clients = 240;
    CountDownLatch open = new CountDownLatch(clients);
    // one connection per client (over HTTP/2 they would share a few, which caps streams per
    // connection)
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<List<String>>> streams = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Session who = people.get(i % people.size());
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + RUNS + "/" + id + "/events"))
              .header("Accept", "text/event-stream")
              .header("X-Forwarded-For", who.api().address())
              .header("Authorization", "Bearer " + who.accessToken())
              .build();
      List<String> types = new java.util.concurrent.CopyOnWriteArrayList<>();
      Flow.Subscriber<String> lines =
          new Flow.Subscriber<>() {
            boolean first = true;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
              subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
              if (first) {
                first = false;
                open.countDown();
              }
              if (line.startsWith("event:")) {
                types.add(line.substring(6).trim());
              }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
          };
      streams.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines))
              .thenApply(
                  res -> {
                    types.add(0, "status " + res.statusCode());
                    return types;
                  }));
    }
    assertTrue(open.await(60, TimeUnit.SECONDS), open.getCount() + " clients got nothing");
    Api.Res approved = s.api().post(RUNS + "/" + id + "/approval", Map.of("approved", true));
    assertEquals(200, approved.status(), approved.toString());
    for (CompletableFuture<List<String>> stream : streams) {
      List<String> types = stream.get(60, TimeUnit.SECONDS);
      assertEquals("status 200", types.get(0), types.toString());
      assertEquals("run.succeeded", types.get(types.size() - 1), types.toString());
    }
    assertEquals("succeeded", s.api().get(RUNS + "/" + id).json().path("status").asText());
  }

  @Test
  void aClientThatStopsReadingHoldsUpNeitherTheRunNorOtherClients() throws Exception {
    Session s = configured("stuck");
    agent(s, "flooder", "[]", "");
    String id = start(s, Map.of("agent", "flooder", "message", "flood"));
    List<Socket> stuck = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        stuck.add(openWithoutReading(s, RUNS + "/" + id + "/events"));
      }
      List<String[]> events = sse(s, id, null);
      assertEquals("run.succeeded", events.get(events.size() - 1)[1]);
      int previous = -1;
      for (String[] e : events) {
        if ("message.delta".equals(e[1])) {
          int n = Integer.parseInt(readText(e[2]).substring(0, 4));
          assertTrue(previous < 0 || n == previous + 1, "delta " + n + " after " + previous);
          previous = n;
        }
      }
      assertEquals(199, previous, "the deltas arrive to the last one");
      JsonNode run = s.api().get(RUNS + "/" + id).json();
      assertEquals("succeeded", run.path("status").asText());
      assertEquals(200 * 4005, run.path("output").asText().length());
    } finally {
      for (Socket socket : stuck) {
        socket.close();
      }
    }
  }

  /** Asks for a stream over a raw connection with a tiny receive window and never reads it. */
  private static Socket openWithoutReading(Session s, String path) throws Exception {
    URI base = URI.create(server.baseUrl());
    Socket socket = new Socket();
    socket.setReceiveBufferSize(2048);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + "\r\nAccept: text/event-stream\r\nX-Forwarded-For: "
            + s.api().address()
            + "\r\nAuthorization: Bearer "
            + s.accessToken()
            + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Reads the run's SSE stream to its end: each event as {id, type, data}. */
  private static List<String[]> sse(Session s, String runId, String lastEventId) throws Exception {
    return SseEvents.read(server.baseUrl(), s, runId, lastEventId);
  }

  @Test
  void badStartsAreRefused() {
    agent(ada, "checker", "[]", "");
    assertInvalid(ada.api().post(RUNS, Map.of("message", "x")), "agent");
    assertInvalid(ada.api().post(RUNS, Map.of("agent", "checker")), "message");
    assertInvalid(ada.api().post(RUNS, Map.of("agent", "nobody", "message", "x")), "agent");
    assertInvalid(
        ada.api().post(RUNS, Map.of("agent", "checker", "message", "x", "project_id", "nope")),
        "project_id");
    assertProblem(
        ada.api().send("POST", RUNS, "{\"agent\":", "application/json"), 400, "malformed_json");
    assertProblem(anon.post(RUNS, Map.of("agent", "checker", "message", "x")), 401, "unauthorized");
    Session viewer = Accounts.joinAs(ada, Accounts.newUser(anon, "runviewer"), "viewer");
    assertProblem(
        viewer.api().post(RUNS, Map.of("agent", "checker", "message", "x")), 403, "forbidden");
    assertInvalid(ada.api().get(RUNS + "?status=done"), "status");
    assertInvalid(ada.api().get(RUNS + "?limit=0"), "limit");
  }

  @Test
  void runsOfAnotherTenantAreNotFound() throws Exception {
    agent(ada, "private", "[]", "");
    String id = start(ada, Map.of("agent", "private", "message", "say hello"));
    until(ada, id, "succeeded");
    Session bob = configured("bob");
    assertProblem(bob.api().get(RUNS + "/" + id), 404, "not_found");
    assertProblem(bob.api().post(RUNS + "/" + id + "/cancel", null), 404, "not_found");
    assertProblem(bob.api().get(RUNS + "/" + id + "/events"), 404, "not_found");
    assertFalse(bob.api().get(RUNS).text().contains(id));
    assertProblem(
        bob.api().post(RUNS, Map.of("agent", "private", "message", "x")), 422, "validation_error");
  }

  @Test
  void providerProblemsFailTheRunWithTheirCode() throws Exception {
    Session s = Accounts.newUser(anon, "unconfigured");
    agent(s, "lonely", "[]", "");
    String id = start(s, Map.of("agent", "lonely", "message", "say hello"));
    JsonNode run = until(s, id, "failed", "succeeded");
    assertEquals("model_not_configured", run.path("error_code").asText(), run.toString());

    Session t = configured("refused");
    agent(t, "refused", "[]", "");
    JsonNode failed =
        until(
            t, start(t, Map.of("agent", "refused", "message", "fail now")), "failed", "succeeded");
    assertEquals("failed", failed.path("status").asText(), failed.toString());
    assertEquals("model_provider_error", failed.path("error_code").asText(), failed.toString());
  }

  @Test
  void theListFiltersAndPages() throws Exception {
    Session s = configured("lister2");
    agent(s, "one", "[]", "");
    agent(s, "two", "[]", "");
    String a = start(s, Map.of("agent", "one", "message", "say hello"));
    until(s, a, "succeeded");
    String b = start(s, Map.of("agent", "two", "message", "say hello"));
    until(s, b, "succeeded");
    JsonNode all = s.api().get(RUNS).json();
    assertEquals(2, all.path("total").asInt(), all.toString());
    assertEquals(b, all.path("items").get(0).path("id").asText(), "newest first");
    JsonNode ones = s.api().get(RUNS + "?agent=one").json();
    assertEquals(1, ones.path("total").asInt());
    assertEquals(a, ones.path("items").get(0).path("id").asText());
    JsonNode before = s.api().get(RUNS + "?before=" + b).json();
    assertEquals(a, before.path("items").get(0).path("id").asText(), before.toString());
    assertEquals(
        2, s.api().get(RUNS + "?status=succeeded&trigger=api").json().path("total").asInt());
    assertEquals(0, s.api().get(RUNS + "?status=queued").json().path("total").asInt());
  }

  // --- chat: turns are runs, streamed

  private static List<String[]> chat(Session s, Map<String, ?> body, int stopAfter)
      throws Exception {
    return agents.chat(s, body, stopAfter);
  }

  private static List<String> types(List<String[]> events) {
    return events.stream().map(e -> e[0]).toList();
  }

  @Test
  void aChatStreamsItsAnswerAndRemembersTheConversation() throws Exception {
    Session s = configured("chatter");
    agent(s, "talker", "[]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Chatty")).json().path("id").asText();
    List<String[]> first =
        chat(s, Map.of("project_id", project, "agent", "talker", "message", "say hello"), 100);
    List<String> types = types(first);
    assertEquals("chat.started", types.get(0), types.toString());
    assertEquals("message.done", types.get(types.size() - 1), types.toString());
    assertTrue(types.contains("message.delta"), types.toString());
    JsonNode done = Api.JSON.readTree(first.get(first.size() - 1)[1]);
    assertEquals("Hello there", done.path("content").asText(), done.toString());
    String chatId = Api.JSON.readTree(first.get(0)[1]).path("chat_id").asText();
    StringBuilder streamed = new StringBuilder();
    first.stream()
        .filter(e -> "message.delta".equals(e[0]))
        .forEach(e -> streamed.append(readText(e[1])));
    assertEquals("Hello there", streamed.toString(), "the deltas add up to the answer");

    chat(s, Map.of("project_id", project, "chat_id", chatId, "message", "say hello again"), 100);
    JsonNode sent = provider.requests.get(provider.requests.size() - 1).path("messages");
    assertEquals(4, sent.size(), "system, the first turn and the new message: " + sent);
    assertEquals("Hello there", sent.get(2).path("content").asText());

    JsonNode history = s.api().get("/api/v1/chat/history/" + project).json();
    assertEquals(1, history.path("total").asInt(), history.toString());
    JsonNode conversation = s.api().get("/api/v1/chat/" + chatId).json();
    assertEquals(4, conversation.path("messages").size(), conversation.toString());
    assertEquals("assistant", conversation.path("messages").get(3).path("role").asText());
  }

  @Test
  void deletingAProjectEndsItsRunsAndDeletesItsChatsAndAutomations() throws Exception {
    Session s = configured("orphans");
    agent(s, "talker", "[]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Doomed")).json().path("id").asText();
    List<String[]> events =
        chat(s, Map.of("project_id", project, "agent", "talker", "message", "say hello"), 100);
    String chatId = Api.JSON.readTree(events.get(0)[1]).path("chat_id").asText();
    String finished = start(s, Map.of("agent", "talker", "message", "hi", "project_id", project));
    until(s, finished, "succeeded", "failed");
    provider.close("doomed");
    String held =
        start(s, Map.of("agent", "talker", "message", "hold:doomed", "project_id", project));
    until(s, held, "running");
    Api.Res automation =
        s.api()
            .post(
                "/api/v1/automations",
                Map.of(
                    "name",
                    "Nightly",
                    "cron",
                    "0 3 * * *",
                    "timezone",
                    "UTC",
                    "agent",
                    "talker",
                    "project_id",
                    project,
                    "message",
                    "tidy up"));
    assertEquals(201, automation.status(), automation.toString());

    assertEquals(204, s.api().delete("/api/v1/projects/" + project).status());
    provider.open("doomed");

    assertProblem(s.api().get("/api/v1/chat/" + chatId), 404, "not_found");
    assertProblem(s.api().get(RUNS + "/" + finished), 404, "not_found");
    assertProblem(s.api().get(RUNS + "/" + held), 404, "not_found");
    assertProblem(
        s.api().get("/api/v1/automations/" + automation.json().path("id").asText()),
        404,
        "not_found");
    JsonNode left = s.api().get(RUNS + "?limit=100").json();
    left.path("items")
        .forEach(r -> assertFalse(project.equals(r.path("project_id").asText()), r.toString()));
  }

  @Test
  void aChatOutlivesItsAgentsStepBudget() throws Exception {
    Session s = configured("longchat");
    // the default budget: 20 model calls a run, whatever the chat said before
    Api.Res created =
        s.api()
            .post(
                "/api/v1/agents",
                Map.of(
                    "format",
                    "yaml",
                    "content",
                    "name: patient\nmodel: openai:fake-1\ninstructions: Be brief.\n"));
    assertEquals(201, created.status(), created.toString());
    assertEquals(20, created.json().path("max_steps").asInt(), created.toString());
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Long")).json().path("id").asText();
    String chatId = null;
    for (int turn = 1; turn <= 25; turn++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("project_id", project);
      body.put("message", "say hello " + turn);
      if (chatId == null) {
        body.put("agent", "patient");
      } else {
        body.put("chat_id", chatId);
      }
      List<String[]> events = chat(s, body, 100);
      String last = events.get(events.size() - 1)[0];
      assertEquals("message.done", last, "turn " + turn + ": " + types(events));
      if (chatId == null) {
        chatId = Api.JSON.readTree(events.get(0)[1]).path("chat_id").asText();
      }
    }
    JsonNode conversation = s.api().get("/api/v1/chat/" + chatId).json();
    assertEquals(50, conversation.path("messages").size(), "25 questions, 25 answers");
  }

  private static String readText(String json) {
    try {
      return Api.JSON.readTree(json).path("text").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aClientThatLeavesDoesNotLoseTheAnswer() throws Exception {
    Session s = configured("leaver");
    agent(s, "talker", "[]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Leave")).json().path("id").asText();
    List<String[]> started =
        chat(s, Map.of("project_id", project, "agent", "talker", "message", "slow answer"), 1);
    String chatId = Api.JSON.readTree(started.get(0)[1]).path("chat_id").asText();
    JsonNode answer = null;
    for (int i = 0; i < 200; i++) {
      answer = s.api().get("/api/v1/chat/" + chatId).json().path("messages").get(1);
      if ("succeeded".equals(answer.path("status").asText())) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("succeeded", answer.path("status").asText(), String.valueOf(answer));
    assertEquals("one two three four five", answer.path("content").asText());
  }

  @Test
  void aChatTurnCanBeCancelled() throws Exception {
    Session s = configured("chatcancel");
    agent(s, "talker", "[]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Cancel")).json().path("id").asText();
    List<String[]> started =
        chat(s, Map.of("project_id", project, "agent", "talker", "message", "slow answer"), 1);
    String chatId = Api.JSON.readTree(started.get(0)[1]).path("chat_id").asText();
    // one turn at a time: a second message while the first is answered is refused
    assertProblem(
        s.api()
            .post(
                "/api/v1/chat/stream",
                Map.of("project_id", project, "chat_id", chatId, "message", "again")),
        409,
        "turn_in_progress");
    Thread.sleep(300);
    Api.Res cancel = s.api().post("/api/v1/chat/cancel", Map.of("chat_id", chatId));
    assertEquals(204, cancel.status(), cancel.toString());
    JsonNode answer = null;
    for (int i = 0; i < 200; i++) {
      answer = s.api().get("/api/v1/chat/" + chatId).json().path("messages").get(1);
      if ("cancelled".equals(answer.path("status").asText())) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("cancelled", answer.path("status").asText(), String.valueOf(answer));
    assertProblem(s.api().post("/api/v1/chat/cancel", Map.of("chat_id", chatId)), 409, "chat_idle");
  }

  @Test
  void chatsAreCheckedAndPrivate() throws Exception {
    Session s = configured("chatcheck");
    agent(s, "talker", "[]", "");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Checked")).json().path("id").asText();
    assertInvalid(
        s.api().post("/api/v1/chat/stream", Map.of("agent", "talker", "message", "x")),
        "project_id");
    assertInvalid(
        s.api().post("/api/v1/chat/stream", Map.of("project_id", project, "message", "x")),
        "agent");
    assertInvalid(
        s.api()
            .post(
                "/api/v1/chat/stream",
                Map.of("project_id", project, "agent", "nobody", "message", "x")),
        "agent");
    List<String[]> first =
        chat(s, Map.of("project_id", project, "agent", "talker", "message", "say hello"), 100);
    String chatId = Api.JSON.readTree(first.get(0)[1]).path("chat_id").asText();

    Session bob = configured("chatbob");
    assertProblem(bob.api().get("/api/v1/chat/" + chatId), 404, "not_found");
    assertProblem(bob.api().delete("/api/v1/chat/" + chatId), 404, "not_found");
    assertProblem(bob.api().get("/api/v1/chat/history/" + project), 404, "not_found");
    assertInvalid(
        bob.api()
            .post(
                "/api/v1/chat/stream",
                Map.of("project_id", project, "chat_id", chatId, "message", "x")),
        "project_id");
    Session viewer = Accounts.joinAs(s, Accounts.newUser(anon, "chatviewer"), "viewer");
    assertEquals(200, viewer.api().get("/api/v1/chat/" + chatId).status());
    assertProblem(viewer.api().delete("/api/v1/chat/" + chatId), 403, "forbidden");

    assertEquals(204, s.api().delete("/api/v1/chat/" + chatId).status());
    assertProblem(s.api().get("/api/v1/chat/" + chatId), 404, "not_found");
  }

  @Test
  void usageAddsUpTokensAndCostPerDayAgentAndModel() throws Exception {
    Session s = configured("usage");
    agent(s, "counted", "[]", "");
    until(s, start(s, Map.of("agent", "counted", "message", "say hello")), "succeeded");
    until(s, start(s, Map.of("agent", "counted", "message", "say hello")), "succeeded");
    JsonNode byAgent = s.api().get("/api/v1/usage?group_by=agent").json();
    assertEquals(2, byAgent.path("total").path("runs").asInt(), byAgent.toString());
    assertEquals(24, byAgent.path("total").path("tokens_input").asLong());
    assertEquals(10, byAgent.path("total").path("tokens_output").asLong());
    assertEquals(0.000044, byAgent.path("total").path("cost").asDouble(), 1e-9);
    assertEquals("counted", byAgent.path("items").get(0).path("key").asText());
    JsonNode byDay = s.api().get("/api/v1/usage").json();
    assertEquals("day", byDay.path("group_by").asText());
    assertEquals(1, byDay.path("items").size(), byDay.toString());
    JsonNode byModel = s.api().get("/api/v1/usage?group_by=model").json();
    assertEquals("openai:fake-1", byModel.path("items").get(0).path("key").asText());

    assertInvalid(s.api().get("/api/v1/usage?group_by=week"), "group_by");
    assertInvalid(s.api().get("/api/v1/usage?from=yesterday"), "from");
    assertInvalid(s.api().get("/api/v1/usage?from=2026-02-01&to=2026-01-01"), "from");
    assertInvalid(s.api().get("/api/v1/usage?from=2020-01-01&to=2026-01-01"), "from");
    assertProblem(anon.get("/api/v1/usage"), 401, "unauthorized");
    JsonNode other = configured("usage-other").api().get("/api/v1/usage").json();
    assertEquals(0, other.path("total").path("runs").asInt(), "another workspace's runs: none");
  }
}
