package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Git in projects against a real git server on loopback ({@link GitServer}, smart HTTP with a
 * token): clone, commit, push and pull as background tasks, a conflicting pull, the URL guard, the
 * size limits, another workspace's ids and the roles. A server of its own allows loopback URLs and
 * has small limits; the shared server checks that private addresses are refused by default.
 */
@ExtendWith(AtelierServer.class)
class GitIT {

  private static final long MAX_FILE = 200_000;
  private static final long MAX_FETCH = 1_000_000;

  private static Path temp;
  private static GitServer upstream;
  private static AtelierServer.Running server;
  private static Api anon;

  @BeforeAll
  static void start() throws Exception {
    temp = Files.createTempDirectory("git-it");
    upstream = new GitServer(temp.resolve("served"));
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_FILES_MAX_FILE_BYTES", String.valueOf(MAX_FILE));
    env.put("ATELIER_GIT_MAX_FETCH_BYTES", String.valueOf(MAX_FETCH));
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server = AtelierServer.launch("git", env, List.of("--nocluster"), db);
    anon = Api.at(server.baseUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  // ---- the upstream side, written with JGit as a developer would with git

  /** A repository on the git server and a work clone of it to commit from. */
  private record Upstream(String name, Repository bare, Git work) {
    String url() {
      return upstream.url(name);
    }

    /** Commits {@code files} (path to content) on main and pushes them; the commit's id. */
    String commit(Map<String, byte[]> files, String message) throws Exception {
      Path root = work.getRepository().getWorkTree().toPath();
      for (var f : files.entrySet()) {
        Path p = root.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      work.add().addFilepattern(".").call();
      RevCommit c = work.commit().setMessage(message).setSign(false).call();
      work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      return c.getName();
    }

    String head() throws Exception {
      ObjectId id = bare.resolve("refs/heads/main");
      return id == null ? null : id.name();
    }
  }

  private static Upstream repo(String hint) throws Exception {
    String name = hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    Repository bare = upstream.create(name);
    Git work =
        Git.cloneRepository()
            .setURI(bare.getDirectory().toURI().toString())
            .setDirectory(temp.resolve("work-" + name).toFile())
            .call();
    work.checkout().setOrphan(true).setName("main").call();
    return new Upstream(name, bare, work);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  // ---- the Atelier side

  private static Session user(String hint) {
    return Accounts.newUser(anon, hint);
  }

  private static String project(Session s, String hint) {
    String slug = hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", slug, "slug", slug));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  /** A project of {@code s} with secret GIT_TOKEN holding the git server's token. */
  private static String projectWithToken(Session s, String hint) {
    String p = project(s, hint);
    Api.Res put =
        s.api()
            .put("/api/v1/projects/" + p + "/secrets/GIT_TOKEN", Map.of("value", GitServer.TOKEN));
    assertEquals(201, put.status(), put.toString());
    return p;
  }

  /** Posts {@code body} to {@code path}, expects 202 and waits for the task to end. */
  private static JsonNode task(Session s, String path, Map<String, ?> body) throws Exception {
    Api.Res res = s.api().post(path, body);
    assertEquals(202, res.status(), res.toString());
    String id = res.json().path("task_id").asText();
    assertEquals("/api/v1/tasks/" + id, java.net.URI.create(res.header("Location")).getPath());
    assertEquals("queued", res.json().path("status").asText());
    return until(s, id);
  }

  private static JsonNode until(Session s, String taskId) throws Exception {
    JsonNode t = null;
    for (int i = 0; i < 600; i++) {
      Api.Res res = s.api().get("/api/v1/tasks/" + taskId);
      assertEquals(200, res.status(), res.toString());
      t = res.json();
      String status = t.path("status").asText();
      if (!status.equals("queued") && !status.equals("running")) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task did not end: " + t);
  }

  private static JsonNode cloned(Session s, String project, Upstream up) throws Exception {
    JsonNode t =
        task(
            s,
            "/api/v1/git/clone",
            Map.of("project_id", project, "url", up.url(), "secret", "GIT_TOKEN"));
    assertEquals("succeeded", t.path("status").asText(), t.toString());
    return t;
  }

  private static String content(Session s, String project, String path) {
    Api.Res res = s.api().get("/api/v1/projects/" + project + "/files/" + path);
    assertEquals(200, res.status(), res.toString());
    return res.json().path("content").asText();
  }

  private static void write(Session s, String project, String path, String content) {
    Api.Res res =
        s.api().put("/api/v1/projects/" + project + "/files/" + path, Map.of("content", content));
    assertTrue(res.status() == 201 || res.status() == 200, res.toString());
  }

  private static List<String> files(Session s, String project) {
    Api.Res res = s.api().get("/api/v1/projects/" + project + "/files?recursive=true");
    assertEquals(200, res.status(), res.toString());
    List<String> out = new ArrayList<>();
    res.json().path("items").forEach(i -> out.add(i.path("path").asText()));
    return out;
  }

  private static JsonNode status(Session s, String project) {
    Api.Res res = s.api().get("/api/v1/git/status/" + project);
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  private static String commit(Session s, String project, String message) {
    Api.Res res =
        s.api().post("/api/v1/git/commit", Map.of("project_id", project, "message", message));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  @Test
  void cloneCommitPushAndPullRoundTrip() throws Exception {
    Upstream up = repo("round");
    Path work = up.work().getRepository().getWorkTree().toPath();
    Files.createSymbolicLink(work.resolve("escape"), Path.of("../../../../../../etc/hostname"));
    String first =
        up.commit(Map.of("README.md", text("# hello\n"), "src/a.txt", text("a\n")), "first");

    Session alice = user("git-round");
    String p = projectWithToken(alice, "round");
    JsonNode t = cloned(alice, p, up);
    assertEquals("git.clone", t.path("kind").asText());
    assertEquals("main", t.path("result").path("branch").asText(), t.toString());
    assertEquals(first, t.path("result").path("head").asText());
    assertEquals(p, t.path("project_id").asText());
    assertEquals(alice.userId(), t.path("created_by").asText());
    assertEquals(1, t.path("attempts").asInt());
    assertNotNull(t.path("finished_at").asText(null));

    assertEquals("# hello\n", content(alice, p, "README.md"));
    assertEquals(List.of("README.md", "escape", "src", "src/a.txt"), files(alice, p));
    // a symbolic link in the repository is a small file holding its target, never a link
    assertEquals("../../../../../../etc/hostname", content(alice, p, "escape"));
    JsonNode st = status(alice, p);
    assertEquals("main", st.path("branch").asText());
    assertEquals(first, st.path("head").asText());
    assertTrue(st.path("clean").asBoolean(), st.toString());

    JsonNode remotes = alice.api().get("/api/v1/git/remotes/" + p).json();
    assertEquals("origin", remotes.path("items").path(0).path("name").asText(), remotes.toString());
    assertEquals(up.url(), remotes.path("items").path(0).path("url").asText());
    assertEquals("GIT_TOKEN", remotes.path("items").path(0).path("secret").asText());

    // a change, committed as the caller, pushed
    write(alice, p, "src/b.txt", "b\n");
    st = status(alice, p);
    assertEquals(List.of("src/b.txt"), list(st.path("untracked")), st.toString());
    Api.Res committed =
        alice.api().post("/api/v1/git/commit", Map.of("project_id", p, "message", "add b"));
    assertEquals(201, committed.status(), committed.toString());
    String mine = committed.json().path("id").asText();
    assertEquals(alice.email(), committed.json().path("author_email").asText());
    assertEquals("add b", committed.json().path("message").asText());
    JsonNode log = alice.api().get("/api/v1/git/log/" + p).json();
    assertEquals(2, log.path("total").asInt(), log.toString());
    assertEquals(mine, log.path("items").path(0).path("id").asText());
    assertEquals(first, log.path("items").path(1).path("id").asText());

    JsonNode pushed = task(alice, "/api/v1/git/push", Map.of("project_id", p));
    assertEquals("succeeded", pushed.path("status").asText(), pushed.toString());
    assertEquals(mine, up.head());

    // someone else pushes; the pull brings it in
    up.work().pull().call();
    String theirs = up.commit(Map.of("src/c.txt", text("c\n")), "add c");
    JsonNode pulled = task(alice, "/api/v1/git/pull", Map.of("project_id", p));
    assertEquals("succeeded", pulled.path("status").asText(), pulled.toString());
    assertEquals(theirs, pulled.path("result").path("head").asText(), pulled.toString());
    assertEquals("c\n", content(alice, p, "src/c.txt"));
    assertTrue(status(alice, p).path("clean").asBoolean());
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void aConflictingPullIsUndoneAndLeavesTheFilesAsTheyWere() throws Exception {
    Upstream up = repo("conflict");
    up.commit(Map.of("README.md", text("base\n")), "base");
    Session alice = user("git-conflict");
    String p = projectWithToken(alice, "conflict");
    cloned(alice, p, up);

    up.commit(Map.of("README.md", text("theirs\n")), "theirs");
    write(alice, p, "README.md", "mine\n");
    String mine = commit(alice, p, "mine");

    JsonNode pulled = task(alice, "/api/v1/git/pull", Map.of("project_id", p));
    assertEquals("failed", pulled.path("status").asText(), pulled.toString());
    JsonNode error = pulled.path("error");
    assertEquals(409, error.path("status").asInt(), pulled.toString());
    assertEquals("merge_conflict", error.path("code").asText());
    assertEquals(List.of("README.md"), list(error.path("paths")));
    assertEquals("mine\n", content(alice, p, "README.md"));
    JsonNode st = status(alice, p);
    assertTrue(st.path("clean").asBoolean(), st.toString());
    assertEquals(mine, st.path("head").asText());
    assertEquals(0, st.path("conflicting").size());

    // an uncommitted change: the pull is refused before anything is merged
    write(alice, p, "README.md", "dirty\n");
    pulled = task(alice, "/api/v1/git/pull", Map.of("project_id", p));
    assertEquals(
        "uncommitted_changes", pulled.path("error").path("code").asText(), pulled.toString());
    assertEquals("dirty\n", content(alice, p, "README.md"));

    // pushing over their commit is refused as a conflict too
    commit(alice, p, "dirty");
    JsonNode pushed = task(alice, "/api/v1/git/push", Map.of("project_id", p));
    assertEquals("failed", pushed.path("status").asText(), pushed.toString());
    assertEquals("push_rejected", pushed.path("error").path("code").asText());
    assertEquals(409, pushed.path("error").path("status").asInt());
  }

  @Test
  void withoutTheTokenTheCloneFailsAndLeavesNothing() throws Exception {
    Upstream up = repo("auth");
    up.commit(Map.of("a.txt", text("a\n")), "a");
    Session alice = user("git-auth");
    String p = project(alice, "auth");
    JsonNode t = task(alice, "/api/v1/git/clone", Map.of("project_id", p, "url", up.url()));
    assertEquals("failed", t.path("status").asText(), t.toString());
    assertEquals("git_auth_failed", t.path("error").path("code").asText(), t.toString());
    assertEquals(List.of(), files(alice, p));
    assertProblem(alice.api().get("/api/v1/git/status/" + p), 404, "repository_not_found");

    // a secret that is not the project's
    assertInvalid(
        alice
            .api()
            .post(
                "/api/v1/git/clone", Map.of("project_id", p, "url", up.url(), "secret", "NO_SUCH")),
        "secret");
  }

  @Test
  void urlsThatAreNotRemoteHttpAreRefused() {
    Session alice = user("git-urls");
    String p = project(alice, "urls");
    for (String url :
        List.of(
            "file:///etc",
            "/var/lib/repo.git",
            "../other-project",
            "ssh://git@example.com/x.git",
            "git://example.com/x.git",
            "http://user:secret@example.com/x.git",
            "ext::sh -c touch% /tmp/pwned")) {
      Api.Res res = alice.api().post("/api/v1/git/clone", Map.of("project_id", p, "url", url));
      assertProblem(res, 422, "url_not_allowed");
    }
    Api.Res init = alice.api().post("/api/v1/git/init", Map.of("project_id", p));
    assertEquals(201, init.status(), init.toString());
    Api.Res remotes =
        alice
            .api()
            .put(
                "/api/v1/git/remotes/" + p,
                Map.of("items", List.of(Map.of("name", "origin", "url", "file:///etc"))));
    assertProblem(remotes, 422, "url_not_allowed");
  }

  @Test
  void privateAndLoopbackAddressesAreRefusedByDefault() {
    // the shared server keeps the default: no private or loopback URL
    Session s = Accounts.newUser("git-private");
    String p = project(s, "private");
    for (String url :
        List.of("http://127.0.0.1:9/x.git", "http://10.0.0.1/x.git", "http://[::1]/x.git")) {
      assertProblem(
          s.api().post("/api/v1/git/clone", Map.of("project_id", p, "url", url)),
          422,
          "url_not_allowed");
    }
  }

  @Test
  void aRepositoryBreakingTheFilesLimitsIsNotCloned() throws Exception {
    Session alice = user("git-limits");

    Upstream big = repo("bigfile");
    big.commit(Map.of("small.txt", text("s\n"), "blob.bin", random((int) MAX_FILE + 1000)), "big");
    String p = projectWithToken(alice, "bigfile");
    JsonNode t =
        task(
            alice,
            "/api/v1/git/clone",
            Map.of("project_id", p, "url", big.url(), "secret", "GIT_TOKEN"));
    assertEquals("failed", t.path("status").asText(), t.toString());
    assertEquals(413, t.path("error").path("status").asInt(), t.toString());
    assertEquals("file_too_large", t.path("error").path("code").asText());
    assertEquals(List.of("blob.bin"), list(t.path("error").path("paths")));
    assertEquals(List.of(), files(alice, p));
    assertProblem(alice.api().get("/api/v1/git/status/" + p), 404, "repository_not_found");

    Upstream huge = repo("huge");
    Map<String, byte[]> many = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      many.put("part-" + i + ".bin", random(150_000 + i));
    }
    huge.commit(many, "huge");
    String q = projectWithToken(alice, "huge");
    t =
        task(
            alice,
            "/api/v1/git/clone",
            Map.of("project_id", q, "url", huge.url(), "secret", "GIT_TOKEN"));
    assertEquals("failed", t.path("status").asText(), t.toString());
    assertEquals("transfer_too_large", t.path("error").path("code").asText(), t.toString());
    assertEquals(List.of(), files(alice, q));
  }

  @Test
  void initCommitBranchesAndCheckout() {
    Session alice = user("git-local");
    String p = project(alice, "local");
    assertProblem(alice.api().get("/api/v1/git/status/" + p), 404, "repository_not_found");
    assertInvalid(
        alice.api().post("/api/v1/git/init", Map.of("project_id", p, "default_branch", "a..b")),
        "default_branch");
    Api.Res init =
        alice.api().post("/api/v1/git/init", Map.of("project_id", p, "default_branch", "trunk"));
    assertEquals(201, init.status(), init.toString());
    assertEquals("trunk", init.json().path("branch").asText());
    assertTrue(init.json().path("head").isNull(), init.toString());
    assertProblem(
        alice.api().post("/api/v1/git/init", Map.of("project_id", p)), 409, "repository_exists");
    assertEquals(0, alice.api().get("/api/v1/git/log/" + p).json().path("total").asInt());

    assertProblem(
        alice.api().post("/api/v1/git/commit", Map.of("project_id", p, "message", "nothing")),
        409,
        "nothing_to_commit");
    assertInvalid(alice.api().post("/api/v1/git/commit", Map.of("project_id", p)), "message");
    assertProblem(
        alice
            .api()
            .post("/api/v1/git/checkout", Map.of("project_id", p, "branch", "x", "create", true)),
        409,
        "no_commits");

    write(alice, p, "a.txt", "a\n");
    write(alice, p, "b.txt", "b\n");
    Api.Res only =
        alice
            .api()
            .post(
                "/api/v1/git/commit",
                Map.of("project_id", p, "message", "only a", "paths", List.of("a.txt")));
    assertEquals(201, only.status(), only.toString());
    JsonNode st = status(alice, p);
    assertEquals(List.of("b.txt"), list(st.path("untracked")), st.toString());

    Api.Res created =
        alice
            .api()
            .post(
                "/api/v1/git/checkout",
                Map.of("project_id", p, "branch", "feature/x", "create", true));
    assertEquals(200, created.status(), created.toString());
    assertEquals("feature/x", created.json().path("branch").asText());
    JsonNode branches = alice.api().get("/api/v1/git/branches/" + p).json();
    assertEquals("feature/x", branches.path("current").asText(), branches.toString());
    assertEquals(2, branches.path("items").size());
    assertProblem(
        alice.api().post("/api/v1/git/checkout", Map.of("project_id", p, "branch", "nope")),
        404,
        "branch_not_found");
    assertProblem(
        alice
            .api()
            .post(
                "/api/v1/git/checkout", Map.of("project_id", p, "branch", "trunk", "create", true)),
        409,
        "branch_exists");
    Api.Res back =
        alice.api().post("/api/v1/git/checkout", Map.of("project_id", p, "branch", "trunk"));
    assertEquals(200, back.status(), back.toString());

    // a clone needs a project without files or repository
    assertProblem(
        alice
            .api()
            .post("/api/v1/git/clone", Map.of("project_id", p, "url", "http://127.0.0.1:9/x.git")),
        409,
        "repository_exists");
    assertProblem(
        alice.api().post("/api/v1/git/push", Map.of("project_id", p)), 404, "remote_not_found");
    assertProblem(alice.api().get("/api/v1/tasks/" + UUID.randomUUID()), 404, "not_found");
  }

  @Test
  void anotherWorkspaceSeesNothingAndRolesAreEnforced() throws Exception {
    Upstream up = repo("roles");
    up.commit(Map.of("a.txt", text("a\n")), "a");
    Session alice = user("git-roles");
    String p = projectWithToken(alice, "roles");
    Api.Res started =
        alice
            .api()
            .post(
                "/api/v1/git/clone",
                Map.of("project_id", p, "url", up.url(), "secret", "GIT_TOKEN"));
    assertEquals(202, started.status(), started.toString());
    String taskId = started.json().path("task_id").asText();
    until(alice, taskId);

    Session bob = user("git-other");
    assertProblem(bob.api().get("/api/v1/tasks/" + taskId), 404, "not_found");
    for (String path : List.of("status", "log", "branches", "remotes")) {
      assertEquals(404, bob.api().get("/api/v1/git/" + path + "/" + p).status(), path);
    }
    assertEquals(
        404,
        bob.api().post("/api/v1/git/commit", Map.of("project_id", p, "message", "x")).status());
    assertEquals(404, bob.api().post("/api/v1/git/push", Map.of("project_id", p)).status());
    assertEquals(404, bob.api().post("/api/v1/git/pull", Map.of("project_id", p)).status());
    assertEquals(
        404,
        bob.api().post("/api/v1/git/checkout", Map.of("project_id", p, "branch", "main")).status());
    assertEquals(
        404, bob.api().put("/api/v1/git/remotes/" + p, Map.of("items", List.of())).status());

    Session viewer = Accounts.joinAs(alice, user("git-viewer"), "viewer");
    assertEquals(200, viewer.api().get("/api/v1/git/status/" + p).status());
    assertEquals(200, viewer.api().get("/api/v1/tasks/" + taskId).status());
    assertEquals(
        403,
        viewer.api().post("/api/v1/git/commit", Map.of("project_id", p, "message", "x")).status());
    assertEquals(403, viewer.api().post("/api/v1/git/push", Map.of("project_id", p)).status());
    assertEquals(
        403,
        viewer
            .api()
            .post("/api/v1/git/checkout", Map.of("project_id", p, "branch", "main"))
            .status());

    Session operator = Accounts.joinAs(alice, user("git-operator"), "operator");
    assertEquals(
        403, operator.api().put("/api/v1/git/remotes/" + p, Map.of("items", List.of())).status());
    String q = project(operator, "op-clone");
    assertEquals(
        403,
        operator
            .api()
            .post(
                "/api/v1/git/clone",
                Map.of("project_id", q, "url", up.url(), "secret", "GIT_TOKEN"))
            .status());
  }
}
