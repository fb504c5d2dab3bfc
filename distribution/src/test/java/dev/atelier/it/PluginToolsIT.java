package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agent tools from a plugin, end to end: a plugin compiled during the test against the plugin API
 * jar offers the tool {@code greet}; an agent on the fake model provider calls it in a run.
 */
class PluginToolsIT {

  private static AgentServer server;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("atelier.test.workdir", "target/system-test"));
    Files.createDirectories(work);
    Path plugins = Files.createTempDirectory(work.toAbsolutePath(), "plugins-");
    PluginArchives.build(
        "greeter",
        PluginArchives.manifest("greeter", ">=1.0.0 & <2.0.0", null),
        plugins,
        "greeter.jar");
    server = AgentServer.launch("plugin-tools", Map.of("ATELIER_PLUGINS_DIR", plugins.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void agentsCallPluginToolsWithACallIdOfTheirOwn() throws Exception {
    Session s = server.configured("tool-user");
    Api.Res tools = s.api().get("/api/v1/tools?limit=100");
    assertEquals(200, tools.status(), tools.toString());
    JsonNode greet = null;
    for (JsonNode t : tools.json().path("items")) {
      if ("greeter_greet".equals(t.path("name").asText())) {
        greet = t;
      }
    }
    assertTrue(greet != null, tools.toString());
    assertEquals("greeter", greet.path("source").asText());
    assertEquals("string", greet.path("input_schema").at("/properties/name/type").asText());
    AgentServer.agent(s, "greeting", "[greeter_greet]", "");

    List<String> results = new ArrayList<>();
    for (String who : List.of("Ada", "Bob")) {
      Api.Res started =
          s.api()
              .post(
                  "/api/v1/runs",
                  Map.of(
                      "agent",
                      "greeting",
                      "message",
                      "call tool greeter_greet {\"name\":\"" + who + "\"}"));
      assertEquals(202, started.status(), started.toString());
      String runId = started.json().path("run_id").asText();
      JsonNode run = AgentServer.until(s, runId, "succeeded", "failed");
      assertEquals("succeeded", run.path("status").asText(), run.toString());
      JsonNode call = run.path("steps").get(1);
      assertEquals("tool_call", call.path("kind").asText(), run.toString());
      assertEquals("greeter_greet", call.path("name").asText());
      assertEquals("succeeded", call.path("status").asText(), call.toString());
      // the plugin saw the run, the workspace and the call's id: <run id>:<step seq>
      assertEquals(
          "Hello, "
              + who
              + "! call="
              + runId
              + ":"
              + call.path("seq").asInt()
              + " run="
              + runId
              + " tenant="
              + s.tenantId(),
          call.path("result").asText());
      results.add(call.path("result").asText());
    }
    assertFalse(results.get(0).equals(results.get(1)));

    // switched off for the workspace, the tool is not offered, and the agent's run fails cleanly
    assertEquals(
        200,
        s.api().put("/api/v1/tenants/current/features/greeter", Map.of("enabled", false)).status());
    assertFalse(s.api().get("/api/v1/tools?limit=100").text().contains("greeter_greet"));
    Api.Res off =
        s.api()
            .post(
                "/api/v1/runs",
                Map.of(
                    "agent", "greeting", "message", "call tool greeter_greet {\"name\":\"Cy\"}"));
    assertEquals(202, off.status(), off.toString());
    JsonNode run = AgentServer.until(s, off.json().path("run_id").asText(), "succeeded", "failed");
    assertEquals("failed", run.path("status").asText(), run.toString());
    assertEquals("tool_not_found", run.path("error_code").asText(), run.toString());
    assertEquals(0, run.path("steps").size(), run.toString());
  }
}
