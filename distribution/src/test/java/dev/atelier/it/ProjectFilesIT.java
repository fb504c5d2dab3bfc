package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The files of a project: {@code /api/v1/projects/{id}/files}. */
@ExtendWith(AtelierServer.class)
class ProjectFilesIT {

  private static final String OCTETS = "application/octet-stream";

  /** A signed-in user with a project of their own; {@code files} is its files' base path. */
  private record Owner(Session s, String projectId, String slug, String files) {
    Api api() {
      return s.api();
    }

    String file(String path) {
      return files + "/" + path;
    }
  }

  private static Owner owner(String hint) {
    Session s = Accounts.newUser(hint);
    return project(s, hint + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static Owner project(Session s, String slug) {
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", slug, "slug", slug));
    assertEquals(201, res.status(), res.toString());
    String id = res.json().path("id").asText();
    return new Owner(s, id, slug, "/api/v1/projects/" + id + "/files");
  }

  private static Api.Res put(Api api, String path, String content) {
    return api.put(path, Map.of("content", content));
  }

  private static Api.Res upload(Api api, String path, byte[] bytes) {
    return api.publish("PUT", path, HttpRequest.BodyPublishers.ofByteArray(bytes), OCTETS);
  }

  private static List<String> paths(Api.Res listing) {
    assertEquals(200, listing.status(), listing.toString());
    List<String> out = new ArrayList<>();
    listing.json().path("items").forEach(i -> out.add(i.path("path").asText()));
    return out;
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void assertInvalidPath(Api.Res res, String field) {
    JsonNode p = assertProblem(res, 422, "invalid_path");
    assertEquals(field, p.path("errors").path(0).path("field").asText(), res.toString());
  }

  @Test
  void writeCreatesThenReplacesAndReadsBackAsJsonOrBytes() {
    Owner o = owner("files-rw");
    Instant before = Instant.now().minusSeconds(5);
    Api.Res created = put(o.api(), o.file("src/main/App.java"), "class App {}\n");
    assertEquals(201, created.status(), created.toString());
    JsonNode entry = created.json();
    assertEquals("src/main/App.java", entry.path("path").asText());
    assertEquals("App.java", entry.path("name").asText());
    assertEquals("file", entry.path("type").asText());
    assertEquals(13, entry.path("size").asInt());
    assertTrue(Instant.parse(entry.path("modified_at").asText()).isAfter(before), entry.toString());
    String etag = created.header("ETag");
    assertNotNull(etag, created.headers().toString());
    assertTrue(etag.matches("\"[0-9a-f]{64}\""), etag);

    Api.Res json = o.api().get(o.file("src/main/App.java"));
    assertEquals(200, json.status(), json.toString());
    assertTrue(
        json.header("Content-Type").startsWith("application/json"), json.headers().toString());
    JsonNode view = json.json();
    assertEquals("src/main/App.java", view.path("path").asText());
    assertEquals(13, view.path("size").asInt());
    assertEquals("utf-8", view.path("encoding").asText());
    assertEquals("class App {}\n", view.path("content").asText());
    assertEquals(etag, view.path("etag").asText());
    assertEquals(etag, json.header("ETag"));
    assertEquals(entry.path("modified_at"), view.path("modified_at"));

    for (Api.Res raw :
        List.of(
            o.api().get(o.file("src/main/App.java"), OCTETS, false),
            o.api().get(o.file("src/main/App.java") + "?raw=true", "application/json", false))) {
      assertEquals(200, raw.status(), raw.toString());
      assertTrue(raw.header("Content-Type").startsWith(OCTETS), raw.headers().toString());
      assertEquals("class App {}\n", raw.text());
      assertEquals(etag, raw.header("ETag"));
      assertTrue(raw.header("Content-Disposition").contains("App.java"), raw.headers().toString());
      assertEquals("nosniff", raw.header("X-Content-Type-Options"));
    }

    Api.Res replaced = put(o.api(), o.file("src/main/App.java"), "class App { }\n");
    assertEquals(200, replaced.status(), replaced.toString());
    assertNotEquals(etag, replaced.header("ETag"));
    assertEquals(
        "class App { }\n",
        o.api().get(o.file("src/main/App.java")).json().path("content").asText());
    // the slug addresses the same project
    assertEquals(
        200, o.api().get("/api/v1/projects/" + o.slug() + "/files/src/main/App.java").status());
  }

  @Test
  void binaryContentTravelsAsBase64OrRawBytes() {
    Owner o = owner("files-bin");
    byte[] bytes = {0, 1, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 10};
    String b64 = Base64.getEncoder().encodeToString(bytes);
    Api.Res viaJson =
        o.api().put(o.file("img/a.bin"), Map.of("content", b64, "encoding", "base64"));
    assertEquals(201, viaJson.status(), viaJson.toString());
    assertEquals(bytes.length, viaJson.json().path("size").asInt());
    JsonNode read = o.api().get(o.file("img/a.bin")).json();
    assertEquals("base64", read.path("encoding").asText(), read.toString());
    assertEquals(b64, read.path("content").asText());

    byte[] more = new byte[300_000];
    new java.util.Random(7).nextBytes(more);
    Api.Res raw = upload(o.api(), o.file("img/b.bin"), more);
    assertEquals(201, raw.status(), raw.toString());
    assertEquals(more.length, raw.json().path("size").asInt());
    JsonNode back = o.api().get(o.file("img/b.bin")).json();
    assertEquals(Base64.getEncoder().encodeToString(more), back.path("content").asText());
    assertEquals(raw.header("ETag"), back.path("etag").asText());
    // text uploaded as raw bytes reads back as text
    upload(o.api(), o.file("notes.md"), "# Notes ü\n".getBytes(StandardCharsets.UTF_8));
    JsonNode notes = o.api().get(o.file("notes.md")).json();
    assertEquals("utf-8", notes.path("encoding").asText());
    assertEquals("# Notes ü\n", notes.path("content").asText());
  }

  @Test
  void writeValidatesItsBody() {
    Owner o = owner("files-body");
    assertInvalid(o.api().put(o.file("a.txt"), Map.of()), "content");
    assertInvalid(
        o.api().put(o.file("a.txt"), Map.of("content", "x", "encoding", "latin1")), "encoding");
    assertInvalid(
        o.api().put(o.file("a.txt"), Map.of("content", "***", "encoding", "base64")), "content");
    assertInvalid(
        o.api().put(o.file("a.txt"), Map.of("content", "A", "encoding", "base64")), "content");
    Api.Res wrapped =
        o.api().put(o.file("a.bin"), Map.of("content", "AAEC\nAwQF", "encoding", "base64"));
    assertEquals(6, wrapped.json().path("size").asInt(), "line breaks in base64 are fine");
    assertProblem(
        o.api().send("PUT", o.file("a.txt"), "{", "application/json"), 400, "malformed_json");
    assertProblem(
        o.api().send("PUT", o.file("a.txt"), "x", "text/plain"), 415, "unsupported_media_type");
    // an empty file is fine
    Api.Res empty = put(o.api(), o.file("empty.txt"), "");
    assertEquals(201, empty.status(), empty.toString());
    assertEquals(0, empty.json().path("size").asInt());
    assertEquals("", o.api().get(o.file("empty.txt")).json().path("content").asText());
  }

  @Test
  void etagsMakeWritesConditional() {
    Owner o = owner("files-etag");
    String first = put(o.api(), o.file("doc.txt"), "one").header("ETag");
    String second = put(o.api(), o.file("doc.txt"), "two").header("ETag");

    Api.Res stale = put(o.api().withHeader("If-Match", first), o.file("doc.txt"), "lost update");
    assertProblem(stale, 412, "precondition_failed");
    assertEquals("two", o.api().get(o.file("doc.txt")).json().path("content").asText());

    Api.Res fresh = put(o.api().withHeader("If-Match", second), o.file("doc.txt"), "three");
    assertEquals(200, fresh.status(), fresh.toString());
    assertProblem(
        put(o.api().withHeader("If-Match", "*"), o.file("missing.txt"), "x"),
        412,
        "precondition_failed");
    assertProblem(
        put(o.api().withHeader("If-None-Match", "*"), o.file("doc.txt"), "x"),
        412,
        "precondition_failed");
    assertEquals(
        201, put(o.api().withHeader("If-None-Match", "*"), o.file("new.txt"), "x").status());

    Api.Res unchanged =
        o.api().withHeader("If-None-Match", fresh.header("ETag")).get(o.file("doc.txt"));
    assertEquals(304, unchanged.status(), unchanged.toString());
    assertEquals(fresh.header("ETag"), unchanged.header("ETag"));
    assertEquals(200, o.api().withHeader("If-None-Match", first).get(o.file("doc.txt")).status());
  }

  @Test
  void listingsArePathOrderedAndPaged() {
    Owner o = owner("files-list");
    Api.Res empty = o.api().get(o.files());
    assertEquals(List.of(), paths(empty));
    assertEquals(0, empty.json().path("total").asInt());
    assertEquals(50, empty.json().path("limit").asInt());

    put(o.api(), o.file("b.txt"), "b");
    put(o.api(), o.file("a/z.txt"), "z");
    put(o.api(), o.file("a/deep/y.txt"), "y");
    assertEquals(List.of("a", "b.txt"), paths(o.api().get(o.files())));
    assertEquals(
        List.of("a", "a/deep", "a/deep/y.txt", "a/z.txt", "b.txt"),
        paths(o.api().get(o.files() + "?recursive=true")));
    assertEquals(List.of("a/deep", "a/z.txt"), paths(o.api().get(o.files() + "?path=a")));
    assertEquals(
        List.of("a/deep/y.txt"), paths(o.api().get(o.files() + "?path=" + q("./a/deep/"))));

    JsonNode first = o.api().get(o.files() + "?recursive=true&limit=2").json();
    assertEquals(5, first.path("total").asInt());
    assertEquals(2, first.path("items").size());
    JsonNode last = o.api().get(o.files() + "?recursive=true&limit=2&offset=4").json();
    assertEquals("b.txt", last.path("items").path(0).path("path").asText());
    assertEquals(1, last.path("items").size());
    JsonNode past = o.api().get(o.files() + "?offset=99").json();
    assertEquals(0, past.path("items").size());
    assertEquals(2, past.path("total").asInt());

    JsonNode dir = o.api().get(o.files()).json().path("items").path(0);
    assertEquals("directory", dir.path("type").asText());
    assertTrue(dir.path("size").isNull(), dir.toString());

    assertProblem(o.api().get(o.files() + "?path=nowhere"), 404, "not_found");
    assertProblem(o.api().get(o.files() + "?path=b.txt"), 409, "not_a_directory");
    assertInvalid(o.api().get(o.files() + "?recursive=yes"), "recursive");
    assertInvalid(o.api().get(o.files() + "?limit=0"), "limit");
    assertInvalidPath(o.api().get(o.files() + "?path=" + q("../x")), "path");
  }

  @Test
  void deleteRemovesFilesAndFoldersWhenAsked() {
    Owner o = owner("files-del");
    put(o.api(), o.file("dir/sub/f.txt"), "f");
    put(o.api(), o.file("g.txt"), "g");
    assertEquals(204, o.api().delete(o.file("g.txt")).status());
    assertProblem(o.api().get(o.file("g.txt")), 404, "not_found");
    assertProblem(o.api().delete(o.file("g.txt")), 404, "not_found");

    assertProblem(o.api().delete(o.file("dir")), 409, "directory_not_empty");
    assertInvalid(o.api().delete(o.file("dir") + "?recursive=maybe"), "recursive");
    assertEquals(204, o.api().delete(o.file("dir/sub/f.txt")).status());
    assertEquals(204, o.api().delete(o.file("dir/sub")).status(), "an empty folder goes");
    put(o.api(), o.file("dir/x/y/z.txt"), "z");
    assertEquals(204, o.api().delete(o.file("dir") + "?recursive=true").status());
    assertEquals(List.of(), paths(o.api().get(o.files() + "?recursive=true")));
  }

  @Test
  void renameMovesAndOverwritesOnlyWhenAsked() {
    Owner o = owner("files-mv");
    String rename = o.files() + "/rename";
    put(o.api(), o.file("a.txt"), "A");
    put(o.api(), o.file("b.txt"), "B");

    assertProblem(o.api().post(rename, Map.of("from", "a.txt", "to", "b.txt")), 409, "file_exists");
    Api.Res over = o.api().post(rename, Map.of("from", "a.txt", "to", "b.txt", "overwrite", true));
    assertEquals(200, over.status(), over.toString());
    assertEquals("b.txt", over.json().path("path").asText());
    assertEquals("A", o.api().get(o.file("b.txt")).json().path("content").asText());
    assertProblem(o.api().get(o.file("a.txt")), 404, "not_found");

    Api.Res moved = o.api().post(rename, Map.of("from", "b.txt", "to", "docs/new/b.md"));
    assertEquals(200, moved.status(), moved.toString());
    assertEquals(
        List.of("docs", "docs/new", "docs/new/b.md"),
        paths(o.api().get(o.files() + "?recursive=true")));
    Api.Res folder = o.api().post(rename, Map.of("from", "docs", "to", "archive"));
    assertEquals("directory", folder.json().path("type").asText(), folder.toString());
    assertEquals("A", o.api().get(o.file("archive/new/b.md")).json().path("content").asText());

    assertProblem(o.api().post(rename, Map.of("from", "nope", "to", "x")), 404, "not_found");
    assertInvalid(o.api().post(rename, Map.of("to", "x")), "from");
    assertInvalid(o.api().post(rename, Map.of()), "from", "to");
    assertInvalidPath(o.api().post(rename, Map.of("from", "archive", "to", "archive/in")), "to");
    assertInvalidPath(o.api().post(rename, Map.of("from", "archive", "to", "../out")), "to");
    assertInvalidPath(o.api().post(rename, Map.of("from", "/etc/passwd", "to", "x")), "from");
    o.api().post(o.files() + "/directory", Map.of("path", "folder"));
    assertProblem(
        o.api().post(rename, Map.of("from", "archive/new/b.md", "to", "folder", "overwrite", true)),
        409,
        "file_exists");
  }

  @Test
  void directoriesAreCreatedWithTheirParents() {
    Owner o = owner("files-dir");
    String directory = o.files() + "/directory";
    Api.Res made = o.api().post(directory, Map.of("path", "x/y/z"));
    assertEquals(201, made.status(), made.toString());
    assertEquals("x/y/z", made.json().path("path").asText());
    assertEquals("directory", made.json().path("type").asText());
    assertEquals(200, o.api().post(directory, Map.of("path", "x/y")).status());
    assertEquals(List.of("x", "x/y", "x/y/z"), paths(o.api().get(o.files() + "?recursive=true")));

    put(o.api(), o.file("x/file"), "f");
    assertProblem(o.api().post(directory, Map.of("path", "x/file")), 409, "file_exists");
    assertProblem(o.api().post(directory, Map.of("path", "x/file/sub")), 409, "not_a_directory");
    assertProblem(put(o.api(), o.file("x/file/sub.txt"), "no"), 409, "not_a_directory");
    assertProblem(put(o.api(), o.file("x/y"), "no"), 409, "is_a_directory");
    assertProblem(o.api().get(o.file("x/y")), 409, "is_a_directory");
    assertInvalid(o.api().post(directory, Map.of()), "path");
  }

  @Test
  void pathsThatLeaveTheProjectOrBreakTheRulesAreRefused() {
    Owner o = owner("files-bad");
    put(o.api(), o.file("inside.txt"), "in");
    String directory = o.files() + "/directory";
    for (String bad :
        List.of(
            "../x",
            "a/../../b",
            "/etc/passwd",
            "C:\\x",
            "a\\b",
            "a\u0000b",
            "a\nb",
            "x".repeat(256),
            ("d".repeat(99) + "/").repeat(11),
            ".atelier-tmp-x",
            ".",
            "a/..")) {
      assertInvalidPath(o.api().post(directory, Map.of("path", bad)), "path");
    }
    for (String bad :
        List.of("../x", "a/../../b", "/etc/passwd", "C:\\x", "a\\b", "x".repeat(256))) {
      assertInvalidPath(o.api().get(o.files() + "?path=" + q(bad) + "&recursive=true"), "path");
    }
    // traversal in the URL, plain and percent-encoded
    for (String url :
        List.of(
            "../../../etc/passwd",
            "a/../../x",
            "%2e%2e/x",
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "a/%2e%2e/%2e%2e/x",
            "%2Fetc%2Fpasswd")) {
      assertInvalidPath(o.api().get(o.file(url)), "path");
      assertInvalidPath(put(o.api(), o.file(url), "x"), "path");
      assertInvalidPath(o.api().delete(o.file(url)), "path");
    }
    // encoded backslashes and NUL: refused, by the container itself or by us; the container's
    // answer (400, no body) comes before Atelier sees the request, so no document describes it
    Api refused = o.api().unchecked("the servlet container refuses these paths itself");
    for (String url : List.of("..%5C..%5Cx", "a%00b")) {
      int status = refused.get(o.file(url)).status();
      assertTrue(status == 400 || status == 422, url + " -> " + status);
      int written = put(refused, o.file(url), "x").status();
      assertTrue(written == 400 || written == 422, url + " -> " + written);
    }
    assertEquals(List.of("inside.txt"), paths(o.api().get(o.files() + "?recursive=true")));
    // a name may look odd and still be a name
    assertEquals(201, put(o.api(), o.file("%252e%252e"), "x").status());
    assertEquals(
        List.of("%2e%2e", "inside.txt"), paths(o.api().get(o.files() + "?recursive=true")));
  }

  @Test
  void filesAboveTheLimitAreRefused() {
    Owner o = owner("files-big");
    byte[] tooBig = new byte[10 * 1024 * 1024 + 1];
    assertProblem(upload(o.api(), o.file("big.bin"), tooBig), 413, "file_too_large");
    Api.Res chunked =
        o.api()
            .publish(
                "PUT",
                o.file("big.bin"),
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(tooBig)),
                OCTETS);
    assertProblem(chunked, 413, "file_too_large");
    assertProblem(o.api().get(o.file("big.bin")), 404, "not_found");
    byte[] justRight = new byte[10 * 1024 * 1024];
    Api.Res ok = upload(o.api(), o.file("big.bin"), justRight);
    assertEquals(201, ok.status(), ok.toString());
    // JSON bodies stay under the server's request body limit (1 MiB by default)
    String json = "{\"content\":\"" + "x".repeat(1_100_000) + "\"}";
    assertProblem(
        o.api()
            .publish(
                "PUT",
                o.file("big.txt"),
                HttpRequest.BodyPublishers.ofString(json),
                "application/json"),
        413,
        "payload_too_large");
    assertEquals(List.of("big.bin"), paths(o.api().get(o.files())));
  }

  @Test
  void readsNeedAViewerAndChangesAnOperator() {
    Owner o = owner("files-roles");
    put(o.api(), o.file("a.txt"), "A");
    Session viewer = Accounts.joinAs(o.s(), Accounts.newUser("files-viewer"), "viewer");
    Api v = viewer.api();
    assertEquals(List.of("a.txt"), paths(v.get(o.files())));
    assertEquals("A", v.get(o.file("a.txt")).json().path("content").asText());
    assertEquals(200, v.get(o.file("a.txt"), OCTETS, false).status());
    assertProblem(put(v, o.file("b.txt"), "B"), 403, "forbidden");
    assertProblem(upload(v, o.file("b.txt"), new byte[] {1}), 403, "forbidden");
    assertProblem(v.delete(o.file("a.txt")), 403, "forbidden");
    assertProblem(
        v.post(o.files() + "/rename", Map.of("from", "a.txt", "to", "c.txt")), 403, "forbidden");
    assertProblem(v.post(o.files() + "/directory", Map.of("path", "d")), 403, "forbidden");

    Session operator = Accounts.joinAs(o.s(), Accounts.newUser("files-operator"), "operator");
    assertEquals(201, put(operator.api(), o.file("b.txt"), "B").status());
    assertEquals(204, operator.api().delete(o.file("b.txt")).status());

    Api anon = Api.anonymous();
    for (Api.Res res :
        List.of(
            anon.get(o.files()),
            anon.get(o.file("a.txt")),
            put(anon, o.file("a.txt"), "x"),
            anon.delete(o.file("a.txt")),
            anon.post(o.files() + "/rename", Map.of("from", "a.txt", "to", "c.txt")),
            anon.post(o.files() + "/directory", Map.of("path", "d")))) {
      assertProblem(res, 401, "unauthorized");
    }
    assertEquals("A", o.api().get(o.file("a.txt")).json().path("content").asText());
  }

  @Test
  void anotherWorkspacesProjectIsNotFound() {
    Owner mine = owner("files-mine");
    put(mine.api(), mine.file("secret.txt"), "mine");
    Session other = Accounts.newUser("files-other");
    Api api = other.api();
    for (Api.Res res :
        List.of(
            api.get(mine.files()),
            api.get(mine.file("secret.txt")),
            api.get(mine.file("secret.txt") + "?raw=true", OCTETS, false),
            put(api, mine.file("secret.txt"), "theirs"),
            upload(api, mine.file("x.bin"), new byte[] {1}),
            api.delete(mine.file("secret.txt")),
            api.post(mine.files() + "/rename", Map.of("from", "secret.txt", "to", "x")),
            api.post(mine.files() + "/directory", Map.of("path", "d")))) {
      assertProblem(res, 404, "not_found");
    }
    // the same slug in the other workspace is another project, with files of its own
    Owner theirs = project(other, mine.slug());
    assertEquals(List.of(), paths(api.get("/api/v1/projects/" + mine.slug() + "/files")));
    put(api, theirs.file("theirs.txt"), "theirs");
    assertEquals(List.of("secret.txt"), paths(mine.api().get(mine.files())));
    assertEquals("mine", mine.api().get(mine.file("secret.txt")).json().path("content").asText());
    assertProblem(api.get("/api/v1/projects/" + UUID.randomUUID() + "/files"), 404, "not_found");
  }

  @Test
  void deletingAProjectDeletesItsFiles() {
    Owner o = owner("files-gone");
    put(o.api(), o.file("a/b.txt"), "b");
    put(o.api(), o.file("c.txt"), "c");
    assertEquals(204, o.api().delete("/api/v1/projects/" + o.projectId()).status());
    assertProblem(o.api().get(o.files()), 404, "not_found");

    Owner again = project(o.s(), o.slug());
    assertNotEquals(o.projectId(), again.projectId());
    assertEquals(List.of(), paths(again.api().get(again.files() + "?recursive=true")));
    assertProblem(again.api().get(again.file("c.txt")), 404, "not_found");
  }

  @Test
  void filesNamedLikeTheOperationsAreStillFiles() {
    Owner o = owner("files-names");
    assertEquals(201, put(o.api(), o.file("rename"), "r").status());
    assertEquals(201, put(o.api(), o.file("directory"), "d").status());
    assertEquals("r", o.api().get(o.file("rename")).json().path("content").asText());
    assertEquals("d", o.api().get(o.file("directory")).json().path("content").asText());
    assertEquals(
        200, o.api().post(o.files() + "/rename", Map.of("from", "rename", "to", "r2")).status());
    assertEquals(204, o.api().delete(o.file("directory")).status());
    assertEquals(List.of("r2"), paths(o.api().get(o.files())));
    // the project's own routes are unaffected
    assertEquals(200, o.api().get("/api/v1/projects/" + o.projectId()).status());
    assertEquals(200, o.api().get("/api/v1/projects/" + o.projectId() + "/secrets").status());
  }

  @Test
  void createsReplayWithAnIdempotencyKey() {
    Owner o = owner("files-idem");
    Api keyed = o.api().withHeader("Idempotency-Key", UUID.randomUUID().toString());
    Api.Res first = keyed.post(o.files() + "/directory", Map.of("path", "once"));
    assertEquals(201, first.status(), first.toString());
    Api.Res again = keyed.post(o.files() + "/directory", Map.of("path", "once"));
    assertEquals(201, again.status(), again.toString());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.json(), again.json());
    assertFalse(paths(o.api().get(o.files())).isEmpty());
  }
}
