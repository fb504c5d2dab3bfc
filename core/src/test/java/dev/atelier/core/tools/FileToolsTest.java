package dev.atelier.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {

  @TempDir java.nio.file.Path dir;

  private final String tenant = UUID.randomUUID().toString();
  private final String project = UUID.randomUUID().toString();
  private ProjectFiles files;

  @BeforeEach
  void setUp() {
    files = new ProjectFiles(dir, new ProjectFiles.Limits(10L << 20, 10_000, 1L << 30));
  }

  private void put(String path, String content) {
    files.write(
        tenant,
        project,
        path,
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        null,
        null);
  }

  private String content(String path) {
    return files.read(tenant, project, path).text();
  }

  private ToolResult run(FileTool tool, String argumentsJson) {
    JsonNode args = ToolSchemas.arguments(argumentsJson);
    assertEquals(List.of(), new ToolSchemas().check(tool.inputSchema(), args), argumentsJson);
    return tool.run(files, tenant, project, args);
  }

  private static void assertOk(ToolResult r) {
    assertFalse(r.isError(), r.content());
  }

  private static void assertError(ToolResult r, String part) {
    assertTrue(r.isError(), r.content());
    assertTrue(r.content().contains(part), r.content());
  }

  @Test
  void editReplacesAUniqueExactMatch() {
    put("a.txt", "alpha\nbeta\ngamma\n");
    ToolResult r =
        run(
            new EditFileTool(),
            "{\"path\":\"a.txt\",\"old_text\":\"beta\\n\",\"new_text\":\"B\\n\"}");
    assertOk(r);
    assertEquals("Replaced 1 occurrence in a.txt.", r.content());
    assertEquals("alpha\nB\ngamma\n", content("a.txt"));
  }

  @Test
  void editRefusesMissingAndAmbiguousText() {
    put("a.txt", "x = 1;\nx = 1;\ny = 2;\n");
    EditFileTool edit = new EditFileTool();
    assertError(
        run(edit, "{\"path\":\"a.txt\",\"old_text\":\"z = 3;\",\"new_text\":\"\"}"), "not found");
    assertError(
        run(edit, "{\"path\":\"a.txt\",\"old_text\":\"X = 1;\",\"new_text\":\"\"}"),
        "not found"); // exact: case matters
    assertError(
        run(edit, "{\"path\":\"a.txt\",\"old_text\":\"x = 1;\",\"new_text\":\"x = 9;\"}"),
        "occurs 2 times");
    assertError(
        run(edit, "{\"path\":\"a.txt\",\"old_text\":\"y = 2;\",\"new_text\":\"y = 2;\"}"),
        "the same");
    assertEquals("x = 1;\nx = 1;\ny = 2;\n", content("a.txt"), "nothing changed");

    ToolResult all =
        run(
            edit,
            "{\"path\":\"a.txt\",\"old_text\":\"x = 1;\",\"new_text\":\"x = 9;\","
                + "\"replace_all\":true}");
    assertOk(all);
    assertEquals("Replaced 2 occurrences in a.txt.", all.content());
    assertEquals("x = 9;\nx = 9;\ny = 2;\n", content("a.txt"));
  }

  @Test
  void editCountsOccurrencesWithoutOverlap() {
    assertEquals(2, EditFileTool.occurrences("aaaa", "aa"));
    assertEquals(1, EditFileTool.occurrences("aaa", "aa"));
    assertEquals(0, EditFileTool.occurrences("abc", "abcd"));
    put("r.txt", "aaaa");
    assertOk(
        run(
            new EditFileTool(),
            "{\"path\":\"r.txt\",\"old_text\":\"aa\",\"new_text\":\"b\",\"replace_all\":true}"));
    assertEquals("bb", content("r.txt"));
  }

  @Test
  void editOfAFileThatIsNotThereIsAProblemWithItsDetail() {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () ->
                run(
                    new EditFileTool(),
                    "{\"path\":\"none.txt\",\"old_text\":\"a\",\"new_text\":\"b\"}"));
    assertEquals("not_found", e.code());
  }

  @Test
  void searchFindsLinesWithPathAndNumber() {
    put("src/a.txt", "one\nTODO: two\nthree\n");
    put("src/b/c.txt", "nothing\nstill nothing\ntodo lower\nTODO again");
    put("docs/d.md", "TODO docs");
    put("bin.dat", "TODO\u0000binary");
    SearchFilesTool search = new SearchFilesTool();
    ToolResult r = run(search, "{\"pattern\":\"TODO\"}");
    assertOk(r);
    assertEquals(
        "docs/d.md:1: TODO docs\nsrc/a.txt:2: TODO: two\nsrc/b/c.txt:4: TODO again\n", r.content());

    assertEquals(
        "src/b/c.txt:3: todo lower\n",
        run(search, "{\"pattern\":\"^todo\",\"path\":\"src\"}").content());
    assertEquals(
        "src/a.txt:2: TODO: two\n",
        run(search, "{\"pattern\":\"TODO:\",\"path\":\"src/a.txt\"}").content());
    // regex or literal
    assertEquals("No matches.", run(search, "{\"pattern\":\"a.x\"}").content());
    put("e.txt", "a.x\nabx");
    assertEquals("e.txt:1: a.x\n", run(search, "{\"pattern\":\"a.x\",\"literal\":true}").content());
    assertEquals(
        "e.txt:1: a.x\ne.txt:2: abx\n",
        run(search, "{\"pattern\":\"a.x\",\"path\":\"e.txt\"}").content());
    assertError(run(search, "{\"pattern\":\"(unclosed\"}"), "not a valid regular expression");
    put("f.txt", "call(unclosed");
    assertEquals(
        "f.txt:1: call(unclosed\n",
        run(search, "{\"pattern\":\"(unclosed\",\"literal\":true}").content());
  }

  @Test
  void searchStopsAtMaxResults() {
    put("many.txt", "hit\n".repeat(20));
    ToolResult r = run(new SearchFilesTool(), "{\"pattern\":\"hit\",\"max_results\":5}");
    assertOk(r);
    List<String> lines = r.content().lines().toList();
    assertEquals(6, lines.size(), r.content());
    assertEquals("many.txt:5: hit", lines.get(4));
    assertTrue(lines.get(5).contains("found 5 matches"), r.content());
  }

  @Test
  void searchStopsACatastrophicPatternWithinItsBudget() {
    // Java memoizes (a+)+$ and the like; this one still backtracks polynomially, for ages
    put("evil.txt", "a".repeat(60) + "\nfine\n");
    SearchFilesTool search = new SearchFilesTool(Duration.ofMillis(200));
    long t0 = System.nanoTime();
    ToolResult r = run(search, "{\"pattern\":\"(.*a){12}b\"}");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertOk(r);
    assertTrue(r.content().contains("time budget"), r.content());
    assertTrue(ms < 5_000, "took " + ms + " ms");
  }

  @Test
  void searchCutsLongLines() {
    put("long.txt", "x".repeat(1000) + "needle");
    String line = run(new SearchFilesTool(), "{\"pattern\":\"needle\"}").content().strip();
    assertEquals("long.txt:1: ".length() + SearchFilesTool.MAX_LINE_CHARS + 1, line.length());
  }

  @Test
  void readReturnsLinesAndSaysWhatItLeftOut() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      text.append("line ").append(i).append('\n');
    }
    put("ten.txt", text.toString());
    ReadFileTool read = new ReadFileTool();
    assertEquals(text.toString(), run(read, "{\"path\":\"ten.txt\"}").content());
    assertEquals(
        "line 3\nline 4\n[Lines 3-4 of 10; read on with offset_line=5]\n",
        run(read, "{\"path\":\"ten.txt\",\"offset_line\":3,\"limit_lines\":2}").content());
    assertEquals(
        "line 10\n[Lines 10-10 of 10]\n",
        run(read, "{\"path\":\"ten.txt\",\"offset_line\":10}").content());
    assertError(run(read, "{\"path\":\"ten.txt\",\"offset_line\":11}"), "past the end");
    put("empty.txt", "");
    assertEquals("(empty file)", run(read, "{\"path\":\"empty.txt\"}").content());
    files.write(
        tenant, project, "b.bin", new ByteArrayInputStream(new byte[] {(byte) 0xff}), null, null);
    assertError(run(read, "{\"path\":\"b.bin\"}"), "not a UTF-8 text file");
  }

  @Test
  void readCapsWhatItReturns() {
    String line = "y".repeat(999) + "\n";
    put("big.txt", line.repeat(250)); // 250,000 characters
    String out = run(new ReadFileTool(), "{\"path\":\"big.txt\"}").content();
    assertTrue(out.length() <= ReadFileTool.MAX_CHARS + 200, "returned " + out.length());
    assertTrue(
        out.endsWith(
            "[Lines 1-100 of 250, cut at the limit of 100000 characters;"
                + " read on with offset_line=101]\n"),
        out.substring(out.length() - 200));
    put("one-line.txt", "z".repeat(150_000));
    String single = run(new ReadFileTool(), "{\"path\":\"one-line.txt\"}").content();
    assertTrue(
        single.startsWith("z".repeat(ReadFileTool.MAX_CHARS) + "\n[Lines 1-1 of 1, cut"),
        single.substring(ReadFileTool.MAX_CHARS - 5));
  }

  @Test
  void writeListAndDelete() {
    assertEquals(
        "Created notes/a.md (5 bytes).",
        run(new WriteFileTool(), "{\"path\":\"notes/a.md\",\"content\":\"hello\"}").content());
    assertEquals(
        "Replaced notes/a.md (2 bytes).",
        run(new WriteFileTool(), "{\"path\":\"notes/a.md\",\"content\":\"hi\"}").content());
    assertEquals(
        "notes/\nnotes/a.md (2 bytes)\n",
        run(new ListFilesTool(), "{\"recursive\":true}").content());
    assertEquals("notes/\n", run(new ListFilesTool(), "{}").content());
    assertError(run(new DeleteFileTool(), "{\"path\":\"notes\"}"), "not empty");
    assertOk(run(new DeleteFileTool(), "{\"path\":\"notes/a.md\"}"));
    assertOk(run(new DeleteFileTool(), "{\"path\":\"notes\"}"));
    assertEquals("(no files)", run(new ListFilesTool(), "{}").content());
  }
}
