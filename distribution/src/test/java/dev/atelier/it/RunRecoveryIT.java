package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run queue across server stops: a server killed hard in the middle of a run, a server stopped
 * gracefully, two nodes on one database. Every test starts its own servers (real processes) on one
 * data directory or PostgreSQL database, with the bundled OpenAI-compatible provider pointed at a
 * fake on loopback that can hold an answer, so that a run is caught in the middle of a step.
 */
class RunRecoveryIT {

  private static final String RUNS = "/api/v1/runs";
  private static final String MASTER_KEY =
      Base64.getEncoder()
          .encodeToString("recovery-test-master-key-32bytes".getBytes(StandardCharsets.UTF_8));
  private static FakeModelProvider provider;

  @BeforeAll
  static void startProvider() throws Exception {
    provider = new FakeModelProvider();
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  /** Servers and the database of one test, stopped and dropped at its end. */
  private static final class Servers implements AutoCloseable {
    final String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    final List<AtelierServer.Running> started = new ArrayList<>();
    Path dataDir;

    Servers() throws Exception {}

    /**
     * Starts a server on this test's database: on H2 in the data directory of the first server; on
     * PostgreSQL in a data directory of its own (nodes share the database, the key and the project
     * files folder).
     */
    AtelierServer.Running start(String name, Map<String, String> settings) throws Exception {
      Map<String, String> env = new HashMap<>(settings);
      env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
      env.put("ATELIER_MASTER_KEY", MASTER_KEY);
      env.put("ATELIER_RATE_LIMIT_RUNS_PER_MINUTE", "1000");
      if (dataDir != null && db == null) {
        env.put("ATELIER_DATA_DIR", dataDir.toString());
      } else if (dataDir != null) {
        // nodes of a cluster share the project files folder (docs/operations.md)
        env.put("ATELIER_FILES_DIR", dataDir.resolve("projects").toString());
      }
      AtelierServer.Running r = AtelierServer.launch(name, env, List.of("--nocluster"), db);
      if (dataDir == null) {
        dataDir = r.work().resolve("data");
      }
      started.add(r);
      return r;
    }

    @Override
    public void close() throws Exception {
      for (AtelierServer.Running r : started) {
        if (r.process().isAlive()) {
          r.stop();
        }
      }
      if (db != null) {
        AtelierServer.dropPgDatabase(db);
      }
    }
  }

  private static Map<String, String> settings(String... pairs) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  /** Kills the server's process at once: no shutdown hook, no lease handed back. */
  private static void killHard(AtelierServer.Running server) throws Exception {
    if (!AtelierServer.onPostgres()) {
      // H2 writes committed changes to its file within its write delay (500 ms): a process killed
      // sooner after a commit loses it. Let it write what the test relies on.
      Thread.sleep(1500);
    }
    server.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** A new user on {@code server} whose workspace has the fake provider and two agents. */
  private static Session user(AtelierServer.Running server, String hint) {
    Session s = Accounts.newUser(Api.at(server.baseUrl()), hint);
    Api.Res put =
        s.api()
            .put(
                "/api/v1/model-providers/openai/credentials",
                Map.of("api_key", "test-key", "base_url", provider.baseUrl()));
    assertEquals(204, put.status(), put.toString());
    agent(s, "greeter", "[]");
    agent(s, "writer", "[write_file]");
    return s;
  }

  private static void agent(Session s, String name, String tools) {
    String yaml =
        "name: "
            + name
            + "\ndescription: test agent\nmodel: openai:fake-1\ninstructions: Be brief.\n"
            + "tools: "
            + tools
            + "\nmax_steps: 5\n";
    Api.Res res = s.api().post("/api/v1/agents", Map.of("content", yaml, "format", "yaml"));
    assertEquals(201, res.status(), res.toString());
  }

  /** The user's client on {@code server} (the access token holds on every server of the DB). */
  private static Api on(AtelierServer.Running server, Session s) {
    return Api.at(server.baseUrl()).withToken(s.accessToken());
  }

  private static String start(Api api, Map<String, ?> body) {
    Api.Res res = api.post(RUNS, body);
    assertEquals(202, res.status(), res.toString());
    return res.json().path("run_id").asText();
  }

  private static String project(Api api) {
    Api.Res res = api.post("/api/v1/projects", Map.of("name", "Recovery"));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  /** Polls the run until it has finished. */
  private static JsonNode finished(Api api, String runId) throws Exception {
    JsonNode run = null;
    for (int i = 0; i < 1200; i++) {
      run = api.get(RUNS + "/" + runId).json();
      if (Set.of("succeeded", "failed", "cancelled").contains(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run did not finish: " + run);
  }

  private static JsonNode succeeded(Api api, String runId) throws Exception {
    JsonNode run = finished(api, runId);
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    return run;
  }

  private static String status(Api api, String runId) {
    return api.get(RUNS + "/" + runId).json().path("status").asText();
  }

  /** Each step as {@code seq kind:name status}; checks the numbers are 1..n, each once. */
  private static List<String> steps(JsonNode run) {
    List<String> out = new ArrayList<>();
    Set<Integer> seqs = new HashSet<>();
    int n = 0;
    for (JsonNode st : run.path("steps")) {
      n++;
      assertTrue(seqs.add(st.path("seq").asInt()), "no step is recorded twice: " + run);
      assertEquals(n, st.path("seq").asInt(), run.toString());
      out.add(
          st.path("kind").asText()
              + ":"
              + st.path("name").asText()
              + " "
              + st.path("status").asText());
    }
    return out;
  }

  /** The types of the run's stored events (the stream replays them and ends: it has finished). */
  private static List<String> eventTypes(AtelierServer.Running server, Session s, String runId)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + RUNS + "/" + runId + "/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + s.accessToken())
            .build();
    HttpResponse<Stream<String>> res =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, res.statusCode());
    List<String> types = new ArrayList<>();
    try (Stream<String> lines = res.body()) {
      lines.filter(l -> l.startsWith("event:")).forEach(l -> types.add(l.substring(6).trim()));
    }
    return types;
  }

  private static long count(List<String> list, String item) {
    return list.stream().filter(item::equals).count();
  }

  @Test
  void aServerKilledHardLosesNoRunAndRepeatsNoFinishedStep() throws Exception {
    String gate = "crash" + System.nanoTime();
    provider.close(gate);
    try (Servers servers = new Servers()) {
      // one worker, short leases: the held run keeps the worker, the others wait in the queue
      AtelierServer.Running first =
          servers.start(
              "crash-1", settings("ATELIER_RUNS_WORKERS", "1", "ATELIER_RUNS_LEASE_SECONDS", "3"));
      Session s = user(first, "crash");
      Api api = on(first, s);
      String project = project(api);
      String heldMessage = "write a file, then hold:" + gate;
      String held =
          start(api, Map.of("agent", "writer", "message", heldMessage, "project_id", project));
      provider.awaitHeld(gate, 1);
      assertEquals("running", status(api, held));
      Map<String, String> queued = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        String message = "say hello " + gate + " #" + i;
        queued.put(start(api, Map.of("agent", "greeter", "message", message)), message);
      }
      for (String id : queued.keySet()) {
        assertEquals("queued", status(api, id));
      }

      killHard(first);
      provider.open(gate);
      AtelierServer.Running second =
          servers.start(
              "crash-2", settings("ATELIER_RUNS_WORKERS", "2", "ATELIER_RUNS_LEASE_SECONDS", "3"));
      Api again = on(second, s);

      JsonNode run = succeeded(again, held);
      assertEquals(
          List.of(
              "model_call:openai:fake-1 succeeded",
              "tool_call:write_file succeeded",
              "model_call:openai:fake-1 succeeded"),
          steps(run));
      assertEquals(2, run.path("attempts").asInt(), "taken over once: " + run);
      assertEquals(
          1, provider.calls(heldMessage, false), "the recorded first answer is not asked again");
      assertEquals(
          2,
          provider.calls(heldMessage, true),
          "the model call in progress at the kill is made again (at least once)");
      List<String> types = eventTypes(second, s, held);
      assertEquals(1, count(types, "tool.call"), "the recorded tool call is not run again");
      assertEquals(1, count(types, "run.succeeded"), types.toString());
      assertEquals(200, again.get("/api/v1/projects/" + project + "/files/notes.txt").status());

      for (Map.Entry<String, String> e : queued.entrySet()) {
        JsonNode q = succeeded(again, e.getKey());
        assertEquals(List.of("model_call:openai:fake-1 succeeded"), steps(q));
        assertEquals(1, q.path("attempts").asInt(), q.toString());
        assertEquals(1, provider.calls(e.getValue(), false), "each queued run ran once");
      }
      JsonNode list = again.get(RUNS + "?limit=100").json();
      assertEquals(6, list.path("total").asInt(), "no run lost, none made up: " + list);
    }
  }

  @Test
  void aGracefulStopHandsRunsBackWithoutWaitingOutTheLease() throws Exception {
    String early = "early" + System.nanoTime();
    String late = "late" + System.nanoTime();
    provider.close(early);
    provider.close(late);
    // leases of an hour: a run the restarted server resumes was handed back, not waited out
    Map<String, String> settings =
        settings(
            "ATELIER_RUNS_WORKERS",
            "2",
            "ATELIER_RUNS_LEASE_SECONDS",
            "3600",
            "ATELIER_RUNS_SHUTDOWN_GRACE_SECONDS",
            "15");
    try (Servers servers = new Servers()) {
      AtelierServer.Running first = servers.start("graceful-1", settings);
      Session s = user(first, "graceful");
      Api api = on(first, s);
      String earlyMessage = "say hello, hold:" + early;
      String lateMessage = "say hello, hold:" + late;
      String handedBack = start(api, Map.of("agent", "greeter", "message", earlyMessage));
      String expired = start(api, Map.of("agent", "greeter", "message", lateMessage));
      provider.awaitHeld(early, 1);
      provider.awaitHeld(late, 1);
      Map<String, String> queued = new HashMap<>();
      for (int i = 0; i < 3; i++) {
        String message = "say hello " + early + " #" + i;
        queued.put(start(api, Map.of("agent", "greeter", "message", message)), message);
      }

      // SIGTERM: the server stops claiming and waits for the steps in progress; one of them
      // ends (its run is handed back), the other is still in progress when the grace period ends
      first.process().destroy();
      awaitLog(first, "Run workers stopping");
      provider.open(early);
      assertTrue(first.process().waitFor(120, TimeUnit.SECONDS), "the server stopped");
      String log = Files.readString(first.work().resolve("server.log"));
      assertTrue(
          log.contains("1 run(s) handed back at a step boundary, 1 left in a step"),
          "the stop log says what happened to the runs");
      provider.open(late);

      AtelierServer.Running second = servers.start("graceful-2", settings);
      Api again = on(second, s);
      JsonNode back = succeeded(again, handedBack);
      assertEquals(List.of("model_call:openai:fake-1 succeeded"), steps(back));
      assertEquals(1, back.path("attempts").asInt(), "a handed-back run keeps its attempt");
      assertEquals(1, provider.calls(earlyMessage, false), "its finished step is not repeated");
      JsonNode resumed = succeeded(again, expired);
      assertEquals(List.of("model_call:openai:fake-1 succeeded"), steps(resumed));
      assertEquals(2, resumed.path("attempts").asInt(), resumed.toString());
      assertEquals(2, provider.calls(lateMessage, false), "its step in progress is done again");
      for (Map.Entry<String, String> e : queued.entrySet()) {
        JsonNode q = succeeded(again, e.getKey());
        assertEquals(1, q.path("attempts").asInt(), q.toString());
        assertEquals(1, provider.calls(e.getValue(), false));
      }
    }
  }

  @Test
  void aRunWhoseNodeKeepsStoppingFailsWithItsAttempts() throws Exception {
    String gate = "cap" + System.nanoTime();
    provider.close(gate);
    try (Servers servers = new Servers()) {
      AtelierServer.Running first =
          servers.start("cap-1", settings("ATELIER_RUNS_LEASE_SECONDS", "3"));
      Session s = user(first, "cap");
      String message = "say hello, hold:" + gate;
      String id = start(on(first, s), Map.of("agent", "greeter", "message", message));
      provider.awaitHeld(gate, 1);
      killHard(first);

      // this server allows one attempt: the run it finds with an expired lease has had it
      AtelierServer.Running second =
          servers.start(
              "cap-2",
              settings("ATELIER_RUNS_LEASE_SECONDS", "3", "ATELIER_RUNS_MAX_ATTEMPTS", "1"));
      Api again = on(second, s);
      JsonNode run = finished(again, id);
      assertEquals("failed", run.path("status").asText(), run.toString());
      assertEquals("max_attempts_exceeded", run.path("error_code").asText(), run.toString());
      assertTrue(run.path("error").asText().contains("started 1 time"), run.toString());
      assertEquals(List.of("model_call:openai:fake-1 failed"), steps(run));
      assertEquals(1, provider.calls(message, false), "not tried again");
      assertEquals(1, count(eventTypes(second, s, id), "run.failed"));
      provider.open(gate);

      // a run of another workspace cannot be read there, its failure included
      Session other = user(second, "cap-other");
      assertEquals(404, on(second, other).get(RUNS + "/" + id).status());
      // new runs still run on this server
      succeeded(again, start(again, Map.of("agent", "greeter", "message", "say hello " + gate)));
    }
  }

  @Test
  void onPostgresTheOtherNodeTakesOverTheRunsOfANodeThatDied() throws Exception {
    assumeTrue(AtelierServer.onPostgres(), "two nodes share a PostgreSQL database only");
    String gate = "node" + System.nanoTime();
    provider.close(gate);
    try (Servers servers = new Servers()) {
      Map<String, String> settings = settings("ATELIER_RUNS_LEASE_SECONDS", "3");
      AtelierServer.Running a = servers.start("node-a", settings);
      Session s = user(a, "nodes");
      String message = "say hello, hold:" + gate;
      String held = start(on(a, s), Map.of("agent", "greeter", "message", message));
      provider.awaitHeld(gate, 1);

      AtelierServer.Running b = servers.start("node-b", settings);
      Api onB = on(b, s);
      List<String> before = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        before.add(start(onB, Map.of("agent", "greeter", "message", "before " + gate + i)));
      }
      for (String id : before) {
        assertEquals(1, succeeded(onB, id).path("attempts").asInt());
      }
      assertEquals("running", status(onB, held), "node a still holds its run");

      killHard(a);
      provider.open(gate);
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        after.add(start(onB, Map.of("agent", "greeter", "message", "after " + gate + i)));
      }
      JsonNode run = succeeded(onB, held);
      assertEquals(List.of("model_call:openai:fake-1 succeeded"), steps(run));
      assertEquals(2, run.path("attempts").asInt(), run.toString());
      assertEquals(2, provider.calls(message, false), "the step in progress is done again");
      for (String id : after) {
        assertEquals(1, succeeded(onB, id).path("attempts").asInt());
      }
      for (int i = 0; i < 6; i++) {
        assertEquals(1, provider.calls("before " + gate + i, false), "each run ran once");
      }
    }
  }

  /** Waits until the server's log has {@code text}. */
  private static void awaitLog(AtelierServer.Running server, String text) throws Exception {
    Path log = server.work().resolve("server.log");
    for (int i = 0; i < 600; i++) {
      if (Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the log never said: " + text);
  }
}
