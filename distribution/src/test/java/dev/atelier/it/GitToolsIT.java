package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent tools git_status, git_diff and git_commit, called by a model (the fake provider) in a
 * run on a project whose files are a repository; git_commit waits for approval when the agent's
 * spec asks for it.
 */
class GitToolsIT {

  private static AgentServer server;

  @BeforeAll
  static void start() throws Exception {
    server = AgentServer.launch("git-tools", Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String run(Session s, String project, String message) {
    Api.Res res =
        s.api()
            .post(
                "/api/v1/runs",
                Map.of("agent", "gitter", "message", message, "project_id", project));
    assertEquals(202, res.status(), res.toString());
    return res.json().path("run_id").asText();
  }

  private static String toolResult(JsonNode run) {
    for (JsonNode step : run.path("steps")) {
      if ("tool_call".equals(step.path("kind").asText())) {
        return step.path("result").asText();
      }
    }
    throw new AssertionError("no tool step in " + run);
  }

  @Test
  void anAgentReadsStatusAndDiffAndCommitsOnceApproved() throws Exception {
    Session s = server.configured("git-tools");
    AgentServer.agent(
        s, "gitter", "[git_status, git_diff, git_commit]", "approval_required: [git_commit]\n");
    String p = s.api().post("/api/v1/projects", Map.of("name", "G")).json().path("id").asText();
    assertEquals(201, s.api().post("/api/v1/git/init", Map.of("project_id", p)).status());
    s.api().put("/api/v1/projects/" + p + "/files/notes.txt", Map.of("content", "one\n"));
    Api.Res first = s.api().post("/api/v1/git/commit", Map.of("project_id", p, "message", "first"));
    assertEquals(201, first.status(), first.toString());
    s.api().put("/api/v1/projects/" + p + "/files/notes.txt", Map.of("content", "two\n"));
    s.api().put("/api/v1/projects/" + p + "/files/new.txt", Map.of("content", "new\n"));

    JsonNode status =
        AgentServer.until(s, run(s, p, "call tool git_status {}"), "succeeded", "failed");
    assertEquals("succeeded", status.path("status").asText(), status.toString());
    String text = toolResult(status);
    assertTrue(text.contains("On branch main"), text);
    assertTrue(text.contains("modified:\n  notes.txt"), text);
    assertTrue(text.contains("untracked:\n  new.txt"), text);

    JsonNode diff =
        AgentServer.until(
            s, run(s, p, "call tool git_diff {\"path\":\"notes.txt\"}"), "succeeded", "failed");
    text = toolResult(diff);
    assertTrue(text.contains("-one") && text.contains("+two"), text);
    assertTrue(!text.contains("new.txt"), text);

    String commit = run(s, p, "call tool git_commit {\"message\":\"agent change\"}");
    JsonNode waiting = AgentServer.until(s, commit, "awaiting_approval", "failed");
    assertEquals("awaiting_approval", waiting.path("status").asText(), waiting.toString());
    assertEquals(1, s.api().get("/api/v1/git/log/" + p).json().path("total").asInt());
    Api.Res approved =
        s.api().post("/api/v1/runs/" + commit + "/approval", Map.of("approved", true));
    assertEquals(200, approved.status(), approved.toString());
    JsonNode done = AgentServer.until(s, commit, "succeeded", "failed");
    assertTrue(toolResult(done).startsWith("Committed "), done.toString());
    JsonNode log = s.api().get("/api/v1/git/log/" + p).json();
    assertEquals(2, log.path("total").asInt(), log.toString());
    JsonNode last = log.path("items").path(0);
    assertTrue(last.path("message").asText().startsWith("agent change"), last.toString());
    assertTrue(last.path("message").asText().contains("Atelier-Run: " + commit), last.toString());
    assertTrue(
        s.api().get("/api/v1/git/status/" + p).json().path("clean").asBoolean(),
        "all changes committed");

    // without a repository the tool says so to the model
    String bare = s.api().post("/api/v1/projects", Map.of("name", "B")).json().path("id").asText();
    JsonNode none =
        AgentServer.until(s, run(s, bare, "call tool git_status {}"), "succeeded", "failed");
    assertTrue(toolResult(none).contains("not a git repository"), none.toString());
  }
}
