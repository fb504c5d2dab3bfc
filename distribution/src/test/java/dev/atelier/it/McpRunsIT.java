package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs through the MCP server, on a server of its own whose workspaces use a fake model provider on
 * loopback (as in {@link RunsIT}); and the official MCP TypeScript SDK as a black-box client of it
 * (a Node project in {@code src/test/mcp}, installed with {@code npm ci} under {@code target}).
 */
class McpRunsIT {

  private static final String ALLOWED_ORIGIN = "http://localhost:6274";
  private static FakeModelProvider provider;
  private static AtelierServer.Running server;
  private static Api anon;

  @BeforeAll
  static void start() throws Exception {
    provider = new FakeModelProvider();
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_MODELS_PRICES", "openai:fake-1=1.00/2.00");
    env.put("ATELIER_MCP_ALLOWED_ORIGINS", ALLOWED_ORIGIN + ", https://studio.example");
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server = AtelierServer.launch("mcp", env, List.of("--nocluster"), db);
    anon = Api.at(server.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (provider != null) {
      provider.close();
    }
  }

  /** A new user whose workspace has the fake provider and an agent that may list files. */
  private static Session configured(String hint) {
    Session s = Accounts.newUser(anon, hint);
    Api.Res put =
        s.api()
            .put(
                "/api/v1/model-providers/openai/credentials",
                Map.of("api_key", "test-key", "base_url", provider.baseUrl()));
    assertEquals(204, put.status(), put.toString());
    String yaml =
        "name: helper\ndescription: test agent\nmodel: openai:fake-1\ninstructions: Be brief.\n"
            + "tools: [list_files]\nmax_steps: 5\n";
    Api.Res agent = s.api().post("/api/v1/agents", Map.of("content", yaml, "format", "yaml"));
    assertEquals(201, agent.status(), agent.toString());
    return s;
  }

  private static String project(Session s) {
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", "MCP runs"));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  private static JsonNode until(Mcp mcp, String runId) throws InterruptedException {
    JsonNode run = null;
    for (int i = 0; i < 300; i++) {
      run = mcp.ok("get_run", Map.of("run_id", runId));
      if (Set.of("succeeded", "failed", "cancelled").contains(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run did not finish: " + run);
  }

  @Test
  void runsStartAndAreRead() throws Exception {
    Session ada = configured("mcp-runs");
    Mcp mcp = Mcp.connect(ada.api());
    JsonNode started = mcp.ok("start_run", Map.of("agent", "helper", "message", "say hello"));
    assertEquals("queued", started.path("status").asText(), started.toString());
    String runId = started.path("run_id").asText();
    JsonNode run = until(mcp, runId);
    assertEquals("succeeded", run.path("status").asText(), run.toString());
    assertEquals("Hello there", run.path("output").asText());
    assertEquals("mcp", run.path("trigger").asText());
    assertEquals(12, run.path("tokens_input").asLong());
    assertEquals(1, run.path("steps").size(), run.toString());
    // the same run through the HTTP API
    JsonNode viaApi = ada.api().get("/api/v1/runs/" + runId).json();
    assertEquals(run.path("output"), viaApi.path("output"));
    assertEquals(run.path("cost").asDouble(), viaApi.path("cost").asDouble(), 1e-12);

    JsonNode listed = mcp.ok("list_runs", Map.of("trigger", "mcp"));
    assertEquals(1, listed.path("total").asInt(), listed.toString());
    assertTrue(listed.path("items").get(0).path("steps").isNull(), "lists leave steps out");
    assertEquals(0, mcp.ok("list_runs", Map.of("status", "failed")).path("total").asInt());

    mcp.failed("cancel_run", Map.of("run_id", runId), "run_finished");
    JsonNode invalid =
        mcp.failed("start_run", Map.of("agent", "nobody", "message", "hi"), "validation_error");
    assertEquals("agent", invalid.path("errors").get(0).path("field").asText());
    mcp.failed(
        "start_run",
        Map.of("agent", "helper", "message", "hi", "project_id", "no-such-project"),
        "validation_error");
  }

  @Test
  void runAgentWaitsForTheAnswer() throws Exception {
    Session ada = configured("mcp-chat");
    String pid = project(ada);
    ada.api().put("/api/v1/projects/" + pid + "/files/readme.md", Map.of("content", "# hi"));
    Mcp mcp = Mcp.connect(ada.api());

    JsonNode result =
        mcp.call("run_agent", Map.of("agent", "helper", "message", "say hello", "project_id", pid));
    assertFalse(result.path("isError").asBoolean(), result.toString());
    assertEquals("Hello there", result.path("content").get(0).path("text").asText());
    assertEquals("succeeded", result.path("structuredContent").path("status").asText());

    // with a progress token and an Accept that takes events, the answer streams
    Map<String, Object> request =
        Mcp.request(
            "tools/call",
            Map.of(
                "name",
                "run_agent",
                "arguments",
                Map.of("agent", "helper", "message", "list files", "project_id", pid),
                "_meta",
                Map.of("progressToken", "p-1")));
    HttpResponse<String> streamed =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + Mcp.PATH))
                    .header("Authorization", "Bearer " + ada.accessToken())
                    .header("Mcp-Session-Id", mcp.session)
                    .header("MCP-Protocol-Version", mcp.version)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .timeout(Duration.ofSeconds(90))
                    .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(request)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, streamed.statusCode(), streamed.body());
    assertTrue(
        streamed.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
        streamed.headers().toString());
    List<JsonNode> messages = new ArrayList<>();
    for (String event : streamed.body().split("\n\n")) {
      for (String line : event.split("\n")) {
        if (line.startsWith("data: ")) {
          messages.add(Api.JSON.readTree(line.substring(6)));
        }
      }
    }
    JsonNode last = messages.get(messages.size() - 1);
    assertEquals(request.get("id"), last.path("id").asInt(), streamed.body());
    assertTrue(
        last.path("result").path("content").get(0).path("text").asText().startsWith("Done: "));
    List<JsonNode> progress = messages.subList(0, messages.size() - 1);
    assertFalse(progress.isEmpty(), streamed.body());
    long previous = 0;
    for (JsonNode p : progress) {
      assertEquals("notifications/progress", p.path("method").asText(), p.toString());
      assertEquals("p-1", p.path("params").path("progressToken").asText());
      assertTrue(p.path("params").path("progress").asLong() > previous, streamed.body());
      previous = p.path("params").path("progress").asLong();
    }
    assertTrue(
        progress.stream()
            .anyMatch(p -> "tool.result".equals(p.path("params").path("message").asText())),
        streamed.body());

    // a run that outlasts the wait goes on, and says where to read it
    JsonNode slow =
        mcp.call("run_agent", Map.of("agent", "helper", "message", "slow", "wait_seconds", 1));
    assertFalse(slow.path("isError").asBoolean(), slow.toString());
    String status = slow.path("structuredContent").path("status").asText();
    if (!"succeeded".equals(status)) {
      assertTrue(
          slow.path("content").get(0).path("text").asText().contains("get_run"), slow.toString());
    }
    JsonNode finished = until(mcp, slow.path("structuredContent").path("id").asText());
    assertEquals("one two three four five", finished.path("output").asText());

    // a run that fails is the tool's answer, not the tool's failure
    JsonNode failed = mcp.call("run_agent", Map.of("agent", "helper", "message", "fail now"));
    assertFalse(failed.path("isError").asBoolean(), failed.toString());
    assertEquals("failed", failed.path("structuredContent").path("status").asText());
    assertTrue(
        failed
            .path("content")
            .get(0)
            .path("text")
            .asText()
            .startsWith("The run failed (model_provider_error)"),
        failed.toString());
  }

  @Test
  void allowedOriginsMayCall() {
    Session ada = configured("mcp-origin");
    Mcp mcp = Mcp.connect(ada.api().withHeader("Origin", ALLOWED_ORIGIN));
    assertEquals(200, mcp.send(Mcp.request("ping", null)).status());
    Mcp.connect(ada.api().withHeader("Origin", "https://studio.example"));
    assertProblem(
        Mcp.send(
            ada.api().withHeader("Origin", "http://localhost:6275"),
            null,
            null,
            Mcp.initialize("2025-06-18")),
        403,
        "origin_not_allowed");
  }

  /** The official TypeScript SDK's client, connecting with an API key, as an MCP host would. */
  @Test
  void theOfficialTypeScriptClientWorks() throws Exception {
    Assumptions.assumeTrue(
        onPath("node") && onPath("npm"),
        "node and npm are not on the PATH: the MCP TypeScript SDK check needs Node.js 20 or later");
    Session ada = configured("mcp-sdk");
    String pid = project(ada);
    String key = Accounts.apiKey(ada, "operator");

    Path dir =
        Path.of(System.getProperty("atelier.test.workdir", "target/system-test"))
            .resolveSibling("mcp-client")
            .toAbsolutePath();
    Files.createDirectories(dir);
    for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
      Files.copy(
          Path.of("src/test/mcp", file),
          dir.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    run(dir, Map.of(), 600, "npm", "ci", "--no-audit", "--no-fund");
    String output =
        run(
            dir,
            Map.of(
                "ATELIER_MCP_URL",
                server.baseUrl() + Mcp.PATH,
                "ATELIER_MCP_TOKEN",
                key,
                "ATELIER_MCP_PROJECT",
                pid,
                "ATELIER_MCP_AGENT",
                "helper"),
            180,
            "node",
            "client.mjs");
    String[] lines = output.strip().split("\n");
    JsonNode seen = Api.JSON.readTree(lines[lines.length - 1]);

    assertEquals("atelier", seen.path("server").path("name").asText(), seen.toString());
    assertEquals("2025-06-18", seen.path("protocol_version").asText(), seen.toString());
    assertTrue(seen.path("session").asBoolean(), seen.toString());
    assertTrue(seen.path("capabilities").has("tools"), seen.toString());
    Set<String> tools = new TreeSet<>();
    seen.path("tools").forEach(t -> tools.add(t.asText()));
    assertTrue(
        tools.containsAll(
            List.of("list_projects", "run_agent", "start_run", "get_run", "write_file")),
        tools.toString());
    assertEquals(tools.size(), seen.path("with_output_schema").asInt());

    assertTrue(seen.path("written").path("created").asBoolean(), seen.toString());
    assertEquals("Hello from the MCP SDK", seen.path("read").path("content").asText());
    assertEquals(
        "Hello from the MCP SDK",
        ada.api()
            .get("/api/v1/projects/" + pid + "/files/notes/hello.txt")
            .json()
            .path("content")
            .asText());
    assertEquals(2, seen.path("files").path("total").asInt(), seen.toString());
    assertTrue(seen.path("missing").path("isError").asBoolean(), seen.toString());
    assertTrue(
        seen.path("missing").path("content").get(0).path("text").asText().contains("not_found"));

    assertEquals("queued", seen.path("started").path("status").asText());
    assertEquals("succeeded", seen.path("run").path("status").asText(), seen.toString());
    assertEquals("Hello there", seen.path("run").path("output").asText());
    assertEquals(1, seen.path("runs").path("total").asInt(), "the run of start_run: " + seen);

    assertTrue(seen.path("answer").asText().startsWith("Done: "), seen.toString());
    assertEquals("succeeded", seen.path("answered").path("status").asText());
    assertEquals(3, seen.path("answered").path("steps").size(), seen.toString());
    assertFalse(seen.path("progress").isEmpty(), "progress notifications: " + seen);
    assertEquals(-32602, seen.path("invalid_params").asInt(), seen.toString());
    assertTrue(seen.path("session_after_delete").isNull(), seen.toString());
    // every run the client started is the workspace's, made through MCP
    JsonNode runs = ada.api().get("/api/v1/runs?trigger=mcp").json();
    assertEquals(2, runs.path("total").asInt(), runs.toString());
    assertNull(seen.get("error"));
  }

  private static boolean onPath(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code command} in {@code dir}; fails the test unless it exits 0 in time. */
  private static String run(Path dir, Map<String, String> env, int seconds, String... command)
      throws Exception {
    Path log = Files.createTempFile(dir, "out", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + output);
    return output;
  }
}
