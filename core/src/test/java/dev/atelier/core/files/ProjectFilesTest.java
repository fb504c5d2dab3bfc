package dev.atelier.core.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.web.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ProjectFilesTest {

  @TempDir Path dir;

  private final String tenant = UUID.randomUUID().toString();
  private final String project = UUID.randomUUID().toString();
  private ProjectFiles files;

  @BeforeEach
  void setUp() {
    files = new ProjectFiles(dir.resolve("projects"), new ProjectFiles.Limits(1000, 10, 3000));
  }

  private Path root() {
    return dir.resolve("projects").resolve(tenant).resolve(project);
  }

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private Written write(String path, String content) {
    return files.write(tenant, project, path, text(content), null, null);
  }

  private static ProblemException assertProblem(int status, String code, Executable call) {
    ProblemException e = assertThrows(ProblemException.class, call);
    assertEquals(status, e.status(), e.getMessage());
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  private List<String> paths(String folder, boolean recursive) {
    return files.list(tenant, project, folder, recursive).stream().map(FileEntry::path).toList();
  }

  @Test
  void writesReadsAndReplacesAtomically() throws IOException {
    assertEquals(List.of(), paths("", true), "a project without files lists nothing");
    Written created = write("src/main/App.java", "class App {}");
    assertTrue(created.created());
    assertEquals("src/main/App.java", created.entry().path());
    assertEquals("App.java", created.entry().name());
    assertEquals(FileEntry.FILE, created.entry().type());
    assertEquals(12L, created.entry().size());
    assertEquals(ETags.of("class App {}".getBytes(StandardCharsets.UTF_8)), created.etag());

    FileData read = files.read(tenant, project, "./src//main/App.java");
    assertEquals("class App {}", read.text());
    assertEquals(created.etag(), read.etag());

    Written replaced = write("src/main/App.java", "class App { int x; }");
    assertFalse(replaced.created());
    assertNotEquals(created.etag(), replaced.etag());
    assertEquals(List.of("src", "src/main", "src/main/App.java"), paths("", true));
    assertEquals(List.of("src"), paths("", false));
    assertEquals(List.of("src/main/App.java"), paths("src/main", false));
    try (var left = Files.list(root())) {
      assertEquals(
          List.of("src"),
          left.map(p -> p.getFileName().toString()).toList(),
          "no temporary file is left behind");
    }
  }

  @Test
  void keepsBinaryContent() {
    byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};
    files.write(tenant, project, "blob.bin", new ByteArrayInputStream(bytes), null, null);
    FileData read = files.read(tenant, project, "blob.bin");
    assertArrayEquals(bytes, read.content());
    assertNull(read.text(), "not UTF-8");
  }

  @Test
  void conditionalWrites() {
    Written first = write("a.txt", "one");
    assertProblem(
        412,
        "precondition_failed",
        () -> files.write(tenant, project, "a.txt", text("two"), "\"stale\"", null));
    Written second = files.write(tenant, project, "a.txt", text("two"), first.etag(), null);
    assertEquals("two", files.read(tenant, project, "a.txt").text());
    // a list, unquoted tags and * match too
    files.write(tenant, project, "a.txt", text("3"), "\"x\", " + second.etag(), null);
    files.write(tenant, project, "a.txt", text("4"), "*", null);
    assertProblem(
        412,
        "precondition_failed",
        () -> files.write(tenant, project, "b.txt", text("x"), "*", null));
    assertProblem(
        412,
        "precondition_failed",
        () -> files.write(tenant, project, "a.txt", text("x"), null, "*"));
    assertTrue(files.write(tenant, project, "b.txt", text("x"), null, "*").created());
  }

  @Test
  void refusesFilesAboveTheLimitAndKeepsTheOldContent() {
    write("big.txt", "small");
    assertProblem(
        413,
        "file_too_large",
        () -> files.write(tenant, project, "big.txt", text("x".repeat(1001)), null, null));
    assertEquals("small", files.read(tenant, project, "big.txt").text());
    write("exact.txt", "x".repeat(1000));
  }

  @Test
  void enforcesTheProjectQuotas() {
    write("a/1", "x".repeat(900));
    write("a/2", "x".repeat(900));
    write("a/3", "x".repeat(900));
    ProblemException bytes =
        assertProblem(409, "project_quota_exceeded", () -> write("a/4", "x".repeat(400)));
    assertTrue(bytes.getMessage().contains("3000 bytes"), bytes.getMessage());
    write("a/1", "x".repeat(1000)); // replacing counts the difference only
    for (int i = 4; i <= 9; i++) {
      write("a/" + i, "");
    }
    ProblemException entries = assertProblem(409, "project_quota_exceeded", () -> write("b", ""));
    assertTrue(entries.getMessage().contains("10 files and folders"), entries.getMessage());
    assertProblem(409, "project_quota_exceeded", () -> files.createDirectory(tenant, project, "c"));
    files.delete(tenant, project, "a/9", false);
    write("b", "");
  }

  @Test
  void deletesFilesAndFolders() {
    write("dir/sub/f.txt", "x");
    assertProblem(409, "directory_not_empty", () -> files.delete(tenant, project, "dir", false));
    files.delete(tenant, project, "dir/sub/f.txt", false);
    files.delete(tenant, project, "dir/sub", false); // empty now
    write("dir/a/b/c.txt", "x");
    files.delete(tenant, project, "dir", true);
    assertEquals(List.of(), paths("", true));
    assertProblem(404, "not_found", () -> files.delete(tenant, project, "dir", true));
    assertProblem(422, "invalid_path", () -> files.delete(tenant, project, "", true));
  }

  @Test
  void renamesAndMovesWithOverwriteOnlyWhenAsked() {
    write("a.txt", "A");
    write("b.txt", "B");
    assertProblem(409, "file_exists", () -> files.rename(tenant, project, "a.txt", "b.txt", false));
    FileEntry moved = files.rename(tenant, project, "a.txt", "b.txt", true);
    assertEquals("b.txt", moved.path());
    assertEquals("A", files.read(tenant, project, "b.txt").text());
    files.rename(tenant, project, "b.txt", "deep/er/c.txt", false);
    assertEquals(List.of("deep", "deep/er", "deep/er/c.txt"), paths("", true));
    files.rename(tenant, project, "deep", "moved", false);
    assertEquals(List.of("moved", "moved/er", "moved/er/c.txt"), paths("", true));
    assertProblem(404, "not_found", () -> files.rename(tenant, project, "nope", "x", false));
    assertProblem(
        422, "invalid_path", () -> files.rename(tenant, project, "moved", "moved/inside", false));
    files.createDirectory(tenant, project, "folder");
    assertProblem(
        409, "file_exists", () -> files.rename(tenant, project, "moved/er/c.txt", "folder", true));
    assertEquals("moved", files.rename(tenant, project, "moved", "./moved", false).path());
  }

  @Test
  void createsFoldersOnce() {
    Written made = files.createDirectory(tenant, project, "x/y/z");
    assertTrue(made.created());
    assertEquals(FileEntry.DIRECTORY, made.entry().type());
    assertNull(made.entry().size());
    assertFalse(files.createDirectory(tenant, project, "x/y").created());
    write("x/file", "f");
    assertProblem(409, "file_exists", () -> files.createDirectory(tenant, project, "x/file"));
    assertProblem(409, "not_a_directory", () -> write("x/file/inner", "no"));
    assertProblem(409, "not_a_directory", () -> files.list(tenant, project, "x/file", false));
    assertProblem(409, "is_a_directory", () -> files.read(tenant, project, "x/y"));
    assertProblem(409, "is_a_directory", () -> write("x/y", "no"));
    assertProblem(404, "not_found", () -> files.list(tenant, project, "nowhere", false));
    assertProblem(404, "not_found", () -> files.read(tenant, project, "x/none.txt"));
  }

  @Test
  void neverFollowsASymbolicLinkOutOfTheProject() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    write("inside.txt", "in");
    Files.createSymbolicLink(root().resolve("escape"), outside);
    Files.createSymbolicLink(root().resolve("secret-link"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root().resolve("inner-link"), root().resolve("inside.txt"));
    Files.createSymbolicLink(root().resolve("dangling"), dir.resolve("nothing"));

    for (String path : List.of("escape/secret.txt", "secret-link", "escape/new.txt", "dangling")) {
      assertProblem(422, "invalid_path", () -> files.read(tenant, project, path));
      assertProblem(422, "invalid_path", () -> write(path, "overwrite"));
    }
    assertProblem(422, "invalid_path", () -> files.list(tenant, project, "escape", false));
    assertProblem(422, "invalid_path", () -> files.createDirectory(tenant, project, "escape/d"));
    assertProblem(
        422, "invalid_path", () -> files.rename(tenant, project, "inside.txt", "escape/x", false));
    assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    assertFalse(Files.exists(outside.resolve("new.txt")));

    // a link inside the project is read through; listings leave out links that lead outside
    assertEquals("in", files.read(tenant, project, "inner-link").text());
    assertEquals(List.of("inner-link", "inside.txt"), paths("", true));

    // a path through such a link is refused for deletion too; deleting the whole project
    // removes the links, never what they point to
    assertProblem(422, "invalid_path", () -> files.delete(tenant, project, "escape", true));
    files.delete(tenant, project, "inner-link", false);
    assertEquals("in", files.read(tenant, project, "inside.txt").text());
    files.deleteAll(tenant, project);
    assertTrue(Files.exists(outside.resolve("secret.txt")));
    assertFalse(Files.exists(root()));
  }

  @Test
  void deleteAllRemovesTheProjectsFolderOnly() {
    write("a/b.txt", "x");
    String other = UUID.randomUUID().toString();
    files.write(tenant, other, "keep.txt", text("k"), null, null);
    files.deleteAll(tenant, project);
    assertFalse(Files.exists(root()));
    assertEquals(List.of(), paths("", true));
    assertEquals("k", files.read(tenant, other, "keep.txt").text());
    files.deleteAll(tenant, project); // nothing left: no error
  }

  @Test
  void refusesIdsThatAreNotIds() {
    assertThrows(IllegalArgumentException.class, () -> files.list("../x", project, "", false));
    assertThrows(IllegalArgumentException.class, () -> files.list(tenant, "a/b", "", false));
  }

  @Test
  void whatSomethingElseWroteIsCheckedAgainstTheRules() throws Exception {
    assertTrue(files.isEmpty(tenant, project));
    assertTrue(files.breach(tenant, project).isEmpty());
    Path root = files.root(tenant, project);
    Files.writeString(root.resolve("ok.txt"), "fine");
    assertFalse(files.isEmpty(tenant, project));
    assertTrue(files.breach(tenant, project).isEmpty());

    Files.write(root.resolve("big.bin"), new byte[1001]);
    RuleBreach big = files.breach(tenant, project).orElseThrow();
    assertEquals("file_too_large", big.code());
    assertEquals(java.util.List.of("big.bin"), big.paths());
    Files.delete(root.resolve("big.bin"));

    Files.createSymbolicLink(root.resolve("out"), Path.of("/etc"));
    RuleBreach link = files.breach(tenant, project).orElseThrow();
    assertEquals("invalid_path", link.code());
    assertEquals(java.util.List.of("out"), link.paths());
    Files.delete(root.resolve("out"));

    for (int i = 0; i < 10; i++) {
      Files.writeString(root.resolve("f" + i), "x");
    }
    assertEquals("project_quota_exceeded", files.breach(tenant, project).orElseThrow().code());
    assertEquals("project_quota_exceeded", files.breach(1, 3001).orElseThrow().code());
    assertTrue(files.breach(10, 3000).isEmpty());

    files.clear(tenant, project);
    assertTrue(files.isEmpty(tenant, project));
    assertTrue(Files.isDirectory(root));
  }
}
