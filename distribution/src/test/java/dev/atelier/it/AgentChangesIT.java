package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agent changes end to end: a user connects GitHub (faked in its REST format on loopback), clones a
 * repository of a real git server ({@link GitServer}) into a project, hands a change to an agent
 * (the fake model calls write_file), and gets the branch pushed with their connection and a pull
 * request opened; a direct commit; a run waiting for approval holds no task worker and a push the
 * host reports meanwhile is pulled after the change; a failed run and a refused pull request leave
 * no branch on the remote; bad input, roles and another workspace's ids.
 */
class AgentChangesIT {

  private static final String BASE = "/api/v1/agent-changes";

  private static Path temp;
  private static GitServer upstream;
  private static WireMockServer github;
  private static AgentServer server;

  @BeforeAll
  static void start() throws Exception {
    temp = Files.createTempDirectory("agent-changes-it");
    upstream = new GitServer(temp.resolve("served"));
    github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    github.start();
    github.stubFor(
        get(urlPathEqualTo("/user"))
            .withHeader("Authorization", equalTo("Bearer " + GitServer.TOKEN))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"login\": \"octo\", \"id\": 1, \"name\": \"The Octocat\"}")));
    github.stubFor(
        post(urlPathMatching("/repos/octo/[^/]+/pulls"))
            .withHeader("Authorization", equalTo("Bearer " + GitServer.TOKEN))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\": 9001, \"number\": 7,"
                            + " \"html_url\": \"https://github.com/octo/pr/pull/7\"}")));
    // a repository whose pull requests GitHub refuses (validation failed)
    github.stubFor(
        post(urlPathMatching("/repos/octo/refused-[^/]+/pulls"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\": \"Validation Failed\", \"errors\": [{\"message\":"
                            + " \"A pull request already exists for octo:x.\"}]}")));
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_PLUGIN_GIT_GITHUB_API_BASE", "http://127.0.0.1:" + github.port());
    env.put("ATELIER_PLUGIN_GIT_GITHUB_OAUTH_BASE", "http://127.0.0.1:" + github.port());
    server = AgentServer.launch("agent-changes", env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (github != null) {
      github.stop();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  /** A user with the fake model, the coder agent (write_file) and a connection to GitHub. */
  private static Session user(String hint, String extraSpec) {
    Session s = server.configured(hint);
    AgentServer.agent(s, "coder", "[write_file]", extraSpec);
    Api.Res res =
        s.api().post("/api/v1/git-providers/github/connect", Map.of("token", GitServer.TOKEN));
    assertEquals(204, res.status(), res.toString());
    return s;
  }

  /** A repository octo/{prefix}-x on the git server with README.md on main. */
  private static String seed(String prefix) throws Exception {
    String name = "octo/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    Repository bare = upstream.create(name);
    try (Git work =
        Git.cloneRepository()
            .setURI(bare.getDirectory().toURI().toString())
            .setDirectory(temp.resolve("work-" + name.replace('/', '-')).toFile())
            .call()) {
      work.checkout().setOrphan(true).setName("main").call();
      Files.writeString(work.getRepository().getWorkTree().toPath().resolve("README.md"), "hi\n");
      work.add().addFilepattern(".").call();
      work.commit().setMessage("first").setSign(false).call();
      work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    return name;
  }

  /** A project of {@code s} with {@code repo} cloned through the caller's GitHub connection. */
  private static String cloned(Session s, String repo) throws Exception {
    String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
    String project =
        s.api().post("/api/v1/projects", Map.of("name", slug)).json().path("id").asText();
    Api.Res res =
        s.api()
            .post(
                "/api/v1/git/clone",
                Map.of("project_id", project, "url", upstream.url(repo), "provider", "github"));
    assertEquals(202, res.status(), res.toString());
    JsonNode t = task(s, res.json().path("task_id").asText(), "succeeded", "failed");
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    return project;
  }

  private static JsonNode task(Session s, String id, String... statuses) throws Exception {
    List<String> wanted = List.of(statuses);
    JsonNode t = null;
    for (int i = 0; i < 600; i++) {
      Api.Res res = s.api().get("/api/v1/tasks/" + id);
      assertEquals(200, res.status(), res.toString());
      t = res.json();
      if (wanted.contains(t.path("status").asText())) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task did not reach " + wanted + ": " + t);
  }

  private static Api.Res change(Session s, Map<String, ?> body) {
    return s.api().post(BASE, body);
  }

  private static String write(String path, String content) {
    return "call tool write_file {\"path\":\"" + path + "\",\"content\":\"" + content + "\"}";
  }

  /** The content of {@code path} at {@code ref} of the served repository, or null. */
  private static String served(String repo, String ref, String path) throws Exception {
    Repository r = upstream.repository(repo);
    ObjectId id = r.resolve(ref);
    if (id == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(r)) {
      RevCommit c = walk.parseCommit(id);
      try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
        return tw == null ? null : new String(r.open(tw.getObjectId(0)).getBytes());
      }
    }
  }

  @Test
  void aChangeIsPushedWithTheCallersConnectionAndOpenedAsAPullRequest() throws Exception {
    Session ada = user("ada", "");
    String repo = seed("pr");
    String project = cloned(ada, repo);

    Api.Res res =
        change(
            ada,
            Map.of("project_id", project, "description", write("notes.txt", "from the agent")));
    assertEquals(202, res.status(), res.toString());
    JsonNode accepted = res.json();
    assertEquals("edit", accepted.path("kind").asText(), accepted.toString());
    assertEquals("queued", accepted.path("status").asText());
    String branch = accepted.path("branch").asText();
    assertTrue(branch.startsWith("atelier/change-"), branch);
    assertTrue(
        res.header("Location").endsWith(BASE + "/" + accepted.path("id").asText()),
        res.header("Location"));

    JsonNode t = task(ada, accepted.path("task_id").asText(), "succeeded", "failed");
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    assertEquals("agent.change", t.path("kind").asText());
    assertEquals(
        "https://github.com/octo/pr/pull/7", t.path("result").path("html_url").asText(), t + "");

    JsonNode c = ada.api().get(BASE + "/" + accepted.path("id").asText()).json();
    assertEquals("succeeded", c.path("status").asText(), c.toString());
    assertEquals(7, c.path("pull_request_number").asInt());
    assertEquals("https://github.com/octo/pr/pull/7", c.path("html_url").asText());
    assertEquals(repo, c.path("repo").asText());
    assertEquals("main", c.path("base_branch").asText());
    JsonNode run = ada.api().get("/api/v1/runs/" + c.path("run_id").asText()).json();
    assertEquals("agent_change", run.path("trigger").asText(), run.toString());

    // the branch is on the remote with the agent's file, committed as the caller
    assertEquals("from the agent", served(repo, "refs/heads/" + branch, "notes.txt"));
    assertNull(served(repo, "refs/heads/main", "notes.txt"), "main is untouched");
    Repository r = upstream.repository(repo);
    try (RevWalk walk = new RevWalk(r)) {
      RevCommit commit = walk.parseCommit(r.resolve("refs/heads/" + branch));
      assertEquals(c.path("commit").asText(), commit.getName());
      assertEquals(ada.email(), commit.getAuthorIdent().getEmailAddress());
      assertTrue(commit.getFullMessage().contains("Atelier-Change: " + c.path("id").asText()));
    }
    List<LoggedRequest> pulls =
        github.findAll(postRequestedFor(urlPathEqualTo("/repos/" + repo + "/pulls")));
    assertEquals(1, pulls.size());
    JsonNode pr = Api.JSON.readTree(pulls.get(0).getBodyAsString());
    assertEquals(branch, pr.path("head").asText());
    assertEquals("main", pr.path("base").asText());
    assertTrue(pr.path("title").asText().startsWith("call tool write_file"), pr.toString());

    // the project is back on main, clean, and the change is listed
    JsonNode status = ada.api().get("/api/v1/git/status/" + project).json();
    assertEquals("main", status.path("branch").asText(), status.toString());
    assertTrue(status.path("clean").asBoolean(), status.toString());
    assertEquals(404, ada.api().get("/api/v1/projects/" + project + "/files/notes.txt").status());
    JsonNode list = ada.api().get(BASE + "?project_id=" + project + "&status=succeeded").json();
    assertEquals(1, list.path("total").asInt(), list.toString());
  }

  @Test
  void aDirectChangeIsCommittedOnTheBaseBranch() throws Exception {
    Session bob = user("bob", "");
    String repo = seed("direct");
    String project = cloned(bob, repo);
    Api.Res res =
        change(
            bob,
            Map.of(
                "project_id",
                project,
                "description",
                write("direct.txt", "straight"),
                "commit_mode",
                "direct"));
    assertEquals(202, res.status(), res.toString());
    assertTrue(res.json().path("branch").isNull(), res.toString());
    JsonNode t = task(bob, res.json().path("task_id").asText(), "succeeded", "failed");
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    assertEquals("straight", served(repo, "refs/heads/main", "direct.txt"));
    JsonNode c = bob.api().get(BASE + "/" + res.json().path("id").asText()).json();
    assertTrue(c.path("html_url").isNull(), c.toString());
    assertEquals(
        c.path("commit").asText(), upstream.repository(repo).resolve("refs/heads/main").getName());
    assertEquals(
        "straight",
        bob.api()
            .get("/api/v1/projects/" + project + "/files/direct.txt")
            .json()
            .path("content")
            .asText());
  }

  @Test
  void aChangeWaitingForApprovalHoldsNoWorkerAndBlocksOtherGitTasks() throws Exception {
    Session cy = user("cy", "approval_required: [write_file]\n");
    String repo = seed("approve");
    String project = cloned(cy, repo);
    Api.Res res = change(cy, Map.of("project_id", project, "description", write("a.txt", "ok")));
    assertEquals(202, res.status(), res.toString());
    String taskId = res.json().path("task_id").asText();
    JsonNode waiting = task(cy, taskId, "waiting", "failed", "succeeded");
    assertEquals("waiting", waiting.path("status").asText(), waiting.toString());
    JsonNode c = cy.api().get(BASE + "/" + res.json().path("id").asText()).json();
    assertEquals("running", c.path("status").asText(), c.toString());
    String runId = c.path("run_id").asText();
    AgentServer.until(cy, runId, "awaiting_approval");

    // the project's repository is busy: no second change, push or pull meanwhile
    assertProblem(
        change(cy, Map.of("project_id", project, "description", "more")),
        409,
        "git_task_in_progress");
    assertProblem(
        cy.api().post("/api/v1/git/push", Map.of("project_id", project)),
        409,
        "git_task_in_progress");

    // a push the host reports meanwhile is queued behind the change, and a second one folds into
    // the same pull; the automation on git.pushed waits for the pull
    Api.Res linked =
        cy.api()
            .put(
                "/api/v1/git/webhooks/" + project,
                Map.of("provider", "github", "repository", repo));
    assertEquals(200, linked.status(), linked.toString());
    String secret = linked.json().path("secret").asText();
    Api.Res automation =
        cy.api()
            .post(
                "/api/v1/automations",
                Map.of(
                    "name", "On push",
                    "event", "git.pushed",
                    "agent", "coder",
                    "project_id", project,
                    "message", "Look at the push."));
    assertEquals(201, automation.status(), automation.toString());
    String fired = "/api/v1/runs?automation_id=" + automation.json().path("id").asText();
    String first = pushToMain(repo, "pushed.txt", "one");
    Api.Res queued = deliver(repo, first, secret);
    assertEquals(202, queued.status(), queued.toString());
    assertEquals("queued", queued.json().path("outcome").asText(), queued.toString());
    String pullId = queued.json().path("task_id").asText();
    String second = pushToMain(repo, "pushed.txt", "two");
    Api.Res folded = deliver(repo, second, secret);
    assertEquals(202, folded.status(), folded.toString());
    assertEquals("queued", folded.json().path("outcome").asText(), folded.toString());
    assertEquals(pullId, folded.json().path("task_id").asText(), "one pull for both pushes");

    // other workspaces' git tasks are not held up: the two task workers are free
    Session other = user("dee", "");
    cloned(other, seed("free"));
    JsonNode behind = cy.api().get("/api/v1/tasks/" + pullId).json();
    assertEquals("queued", behind.path("status").asText(), behind.toString());
    assertEquals(0, cy.api().get(fired).json().path("total").asInt(), "nothing pulled yet");

    assertEquals(
        200,
        cy.api().post("/api/v1/runs/" + runId + "/approval", Map.of("approved", true)).status());
    JsonNode done = task(cy, taskId, "succeeded", "failed");
    assertEquals("succeeded", done.path("status").asText(), done.toString());
    assertTrue(done.path("attempts").asInt() >= 2, done.toString());

    // then the pull: it started after the change ended and brought the second push
    JsonNode pull = task(cy, pullId, "succeeded", "failed");
    assertEquals("succeeded", pull.path("status").asText(), pull.toString());
    assertTrue(
        java.time.Instant.parse(pull.path("started_at").asText())
            .isAfter(java.time.Instant.parse(done.path("finished_at").asText())),
        pull + " after " + done);
    JsonNode log = cy.api().get("/api/v1/git/log/" + project).json();
    assertEquals(second, log.path("items").path(0).path("id").asText(), log.toString());
    assertEquals(
        "two",
        cy.api()
            .get("/api/v1/projects/" + project + "/files/pushed.txt")
            .json()
            .path("content")
            .asText());
    JsonNode runs = cy.api().get(fired).json();
    for (int i = 0; i < 300 && runs.path("total").asInt() == 0; i++) {
      Thread.sleep(100);
      runs = cy.api().get(fired).json();
    }
    assertEquals(1, runs.path("total").asInt(), runs.toString());
    assertTrue(
        runs.path("items").path(0).path("input").asText().contains("after=" + second),
        runs.toString());
  }

  /** Commits {@code path} to main of the served {@code repo} as another clone would: its id. */
  private static String pushToMain(String repo, String path, String content) throws Exception {
    Path dir = temp.resolve("push-" + UUID.randomUUID());
    try (Git work =
        Git.cloneRepository()
            .setURI(upstream.repository(repo).getDirectory().toURI().toString())
            .setDirectory(dir.toFile())
            .call()) {
      Files.writeString(dir.resolve(path), content);
      work.add().addFilepattern(".").call();
      RevCommit c = work.commit().setMessage("push " + content).setSign(false).call();
      work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      return c.getName();
    }
  }

  /** GitHub's delivery of a push of {@code after} to main of {@code repo}. */
  private static Api.Res deliver(String repo, String after, String secret) {
    String body = GitHubDeliveries.push(repo, "main", after);
    return GitHubDeliveries.deliver(
        server.anon,
        "push",
        UUID.randomUUID().toString(),
        body,
        GitHubDeliveries.signature(secret, body));
  }

  @Test
  void aFailedRunOrARefusedPullRequestLeavesNoBranchOnTheRemote() throws Exception {
    Session eve = user("eve", "");
    String repo = seed("refused");
    String project = cloned(eve, repo);
    Api.Res res = change(eve, Map.of("project_id", project, "description", write("x.txt", "nope")));
    assertEquals(202, res.status(), res.toString());
    JsonNode t = task(eve, res.json().path("task_id").asText(), "succeeded", "failed");
    assertEquals("failed", t.path("status").asText(), t.toString());
    assertEquals("git_request_refused", t.path("error").path("code").asText(), t.toString());
    assertTrue(t.path("error").path("detail").asText().contains("Validation Failed"), t.toString());
    String branch = res.json().path("branch").asText();
    assertNull(
        upstream.repository(repo).exactRef(Constants.R_HEADS + branch), "the branch was deleted");
    JsonNode c = eve.api().get(BASE + "/" + res.json().path("id").asText()).json();
    assertEquals("failed", c.path("status").asText());
    assertEquals("git_request_refused", c.path("error_code").asText());
    JsonNode status = eve.api().get("/api/v1/git/status/" + project).json();
    assertEquals("main", status.path("branch").asText(), status.toString());
    assertTrue(status.path("clean").asBoolean(), status.toString());
    // the agent's work is kept on the local branch for a look
    JsonNode branches = eve.api().get("/api/v1/git/branches/" + project).json();
    assertTrue(branches.toString().contains(branch), branches.toString());

    // a run that fails commits nothing and pushes nothing; the next change may start
    String other = seed("failing");
    String second = cloned(eve, other);
    Api.Res failing = change(eve, Map.of("project_id", second, "description", "fail please"));
    assertEquals(202, failing.status(), failing.toString());
    JsonNode f = task(eve, failing.json().path("task_id").asText(), "succeeded", "failed");
    assertEquals("agent_run_failed", f.path("error").path("code").asText(), f.toString());
    assertEquals(
        List.of("refs/heads/main"),
        upstream.repository(other).getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
            .map(org.eclipse.jgit.lib.Ref::getName)
            .toList());
    JsonNode s2 = eve.api().get("/api/v1/git/status/" + second).json();
    assertEquals("main", s2.path("branch").asText(), s2.toString());
    assertFalse(
        eve.api().get("/api/v1/git/branches/" + second).json().toString().contains("atelier/"));

    // an agent that changes nothing: agent_change_empty
    Api.Res empty =
        change(eve, Map.of("project_id", second, "description", "call tool list_files {}"));
    assertEquals(202, empty.status(), empty.toString());
    JsonNode e = task(eve, empty.json().path("task_id").asText(), "succeeded", "failed");
    assertEquals("agent_change_empty", e.path("error").path("code").asText(), e.toString());
  }

  @Test
  void badInputRolesAndOtherWorkspacesAreRefused() throws Exception {
    Session fay = user("fay", "");
    String repo = seed("input");
    String project = cloned(fay, repo);
    assertInvalid(change(fay, Map.of("project_id", project)), "description");
    assertInvalid(change(fay, Map.of("project_id", project, "description", "  ")), "description");
    assertInvalid(change(fay, Map.of("description", "x")), "project_id");
    assertInvalid(
        change(fay, Map.of("project_id", project, "description", "x", "commit_mode", "merge")),
        "commit_mode");
    assertInvalid(
        change(fay, Map.of("project_id", project, "description", "x", "repo", "../etc")), "repo");
    assertInvalid(
        change(fay, Map.of("project_id", project, "description", "x", "base_branch", "-x")),
        "base_branch");
    assertInvalid(
        change(fay, Map.of("project_id", project, "description", "x", "agent", "nobody")), "agent");
    // a base branch the repository lacks fails the change's task, before anything changed
    Api.Res noBase =
        change(fay, Map.of("project_id", project, "description", "x", "base_branch", "nope"));
    assertEquals(202, noBase.status(), noBase.toString());
    JsonNode failed = task(fay, noBase.json().path("task_id").asText(), "succeeded", "failed");
    assertEquals("branch_not_found", failed.path("error").path("code").asText(), failed + "");
    String mine = noBase.json().path("id").asText();
    assertProblem(
        change(fay, Map.of("project_id", "no-such-project", "description", "x")), 404, "not_found");
    assertProblem(
        change(fay, Map.of("project_id", project, "description", "x", "provider", "nope")),
        404,
        "not_found");
    String bare =
        fay.api().post("/api/v1/projects", Map.of("name", "bare")).json().path("id").asText();
    assertProblem(
        change(fay, Map.of("project_id", bare, "description", "x")), 404, "repository_not_found");

    // another workspace sees neither the project nor the changes
    Session gus = user("gus", "");
    assertProblem(change(gus, Map.of("project_id", project, "description", "x")), 404, "not_found");
    assertProblem(gus.api().get(BASE + "/" + mine), 404, "not_found");
    assertEquals(0, gus.api().get(BASE).json().path("total").asInt());
    assertProblem(gus.api().get(BASE + "?project_id=" + project), 404, "not_found");
    assertInvalid(fay.api().get(BASE + "?status=done"), "status");

    // a viewer reads but does not hand changes to agents; without a connection: 409
    Session vic = Accounts.joinAs(fay, Accounts.newUser(server.anon, "vic"), "viewer");
    assertProblem(change(vic, Map.of("project_id", project, "description", "x")), 403, "forbidden");
    assertEquals(200, vic.api().get(BASE + "/" + mine).status());
    Session olga = Accounts.joinAs(fay, Accounts.newUser(server.anon, "olga"), "operator");
    assertProblem(
        change(olga, Map.of("project_id", project, "description", "x")), 409, "git_not_connected");
  }
}
