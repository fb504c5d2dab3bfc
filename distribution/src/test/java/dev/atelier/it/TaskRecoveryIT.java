package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;

/**
 * Background tasks across a restart (ADR 0016): a clone whose server stopped during it fails with
 * {@code task_interrupted} and is undone; a push, which can be done again, is resumed and succeeds.
 */
class TaskRecoveryIT {

  private static final List<String> ARGS = List.of("--nocluster");

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_TASKS_SHUTDOWN_GRACE_SECONDS", "1");
    return env;
  }

  private static JsonNode until(Api api, String taskId, String... statuses) throws Exception {
    JsonNode t = null;
    for (int i = 0; i < 600; i++) {
      t = api.get("/api/v1/tasks/" + taskId).json();
      if (List.of(statuses).contains(t.path("status").asText())) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task did not reach " + List.of(statuses) + ": " + t);
  }

  private static String accepted(Api.Res res) {
    assertEquals(202, res.status(), res.toString());
    return res.json().path("task_id").asText();
  }

  @Test
  void aRestartFailsAnInterruptedCloneCleanlyAndResumesAPush() throws Exception {
    Path temp = Files.createTempDirectory("tasks-it");
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    try (GitServer git = new GitServer(temp.resolve("served"))) {
      Repository bare = git.create("app");
      Git work =
          Git.cloneRepository()
              .setURI(bare.getDirectory().toURI().toString())
              .setDirectory(temp.resolve("work").toFile())
              .call();
      work.checkout().setOrphan(true).setName("main").call();
      Files.writeString(temp.resolve("work/a.txt"), "a\n", StandardCharsets.UTF_8);
      work.add().addFilepattern(".").call();
      work.commit().setMessage("a").setSign(false).call();
      work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();

      AtelierServer.Running first = AtelierServer.launch("tasks-restart", env(), ARGS, db);
      AtelierServer.Running second = null;
      try {
        Session ada = Accounts.newUser(Api.at(first.baseUrl()), "tasks-restart");
        Api api = ada.api();
        String[] projects = new String[2];
        for (int i = 0; i < 2; i++) {
          Api.Res p = api.post("/api/v1/projects", Map.of("name", "P" + i));
          projects[i] = p.json().path("id").asText();
          api.put(
              "/api/v1/projects/" + projects[i] + "/secrets/GIT_TOKEN",
              Map.of("value", GitServer.TOKEN));
        }
        Map<String, String> cloneBody =
            Map.of("url", git.url("app"), "secret", "GIT_TOKEN", "project_id", projects[1]);
        JsonNode ready =
            until(api, accepted(api.post("/api/v1/git/clone", cloneBody)), "succeeded", "failed");
        assertEquals("succeeded", ready.path("status").asText(), ready.toString());
        api.put("/api/v1/projects/" + projects[1] + "/files/b.txt", Map.of("content", "b\n"));
        String mine =
            api.post("/api/v1/git/commit", Map.of("project_id", projects[1], "message", "b"))
                .json()
                .path("id")
                .asText();

        // the remote is slow: a clone and a push are in progress when the server stops
        git.delayMillis = 15_000;
        String clone =
            accepted(
                api.post(
                    "/api/v1/git/clone",
                    Map.of(
                        "url", git.url("app"), "secret", "GIT_TOKEN", "project_id", projects[0])));
        String push = accepted(api.post("/api/v1/git/push", Map.of("project_id", projects[1])));
        until(api, clone, "running");
        until(api, push, "running");
        first.stop();
        git.delayMillis = 0;

        second = AtelierServer.relaunch(first, env(), ARGS, db);
        Api again = Accounts.login(Api.at(second.baseUrl()), ada.email(), Accounts.PASSWORD).api();
        JsonNode cloned = until(again, clone, "succeeded", "failed");
        assertEquals("failed", cloned.path("status").asText(), cloned.toString());
        assertEquals("task_interrupted", cloned.path("error").path("code").asText());
        assertEquals(
            0,
            again.get("/api/v1/projects/" + projects[0] + "/files").json().path("total").asInt());
        assertProblem(again.get("/api/v1/git/status/" + projects[0]), 404, "repository_not_found");

        JsonNode pushed = until(again, push, "succeeded", "failed");
        assertEquals("succeeded", pushed.path("status").asText(), pushed.toString());
        assertEquals(2, pushed.path("attempts").asInt(), pushed.toString());
        assertEquals(mine, bare.resolve("refs/heads/main").name());
      } finally {
        if (second != null) {
          second.stop();
        } else {
          first.stop();
        }
      }
    } finally {
      if (db != null) {
        AtelierServer.dropPgDatabase(db);
      }
    }
  }
}
