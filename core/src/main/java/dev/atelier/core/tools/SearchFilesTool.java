package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.FileData;
import dev.atelier.core.files.FileEntry;
import dev.atelier.core.files.FilePaths;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code search_files}: the lines of the project's text files that match a regular expression (or
 * plain text), as {@code path:line: text}. A search has a time budget, which also stops a pattern
 * that backtracks catastrophically, and reads at most {@value #MAX_SCANNED_BYTES} bytes of files.
 */
final class SearchFilesTool extends FileTool {

  static final int DEFAULT_RESULTS = 100;
  static final int MAX_LINE_CHARS = 300;
  static final long MAX_SCANNED_BYTES = 64L * 1024 * 1024;

  private final Duration budget;

  SearchFilesTool() {
    this(Duration.ofSeconds(5));
  }

  SearchFilesTool(Duration budget) {
    super(
        "search_files",
        "Search the project's text files for lines matching a regular expression (Java syntax), or"
            + " plain text with literal=true. path limits the search to a folder or a file."
            + " Answers one match a line as path:line: text.",
        true);
    this.budget = budget;
  }

  @Override
  ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    String pattern = text(args, "pattern");
    Pattern regex;
    try {
      regex =
          flag(args, "literal")
              ? Pattern.compile(Pattern.quote(pattern))
              : Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      return ToolResult.error(
          "pattern is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + ". Set literal=true to search for plain text.");
    }
    int max = number(args, "max_results", DEFAULT_RESULTS);
    long deadline = System.nanoTime() + budget.toNanos();
    StringBuilder out = new StringBuilder();
    int found = 0;
    long scanned = 0;
    String stop = null;
    search:
    for (String file : candidates(files, tenantId, projectId, text(args, "path"))) {
      FileData data;
      try {
        data = files.read(tenantId, projectId, file);
      } catch (ProblemException e) {
        continue; // gone since it was listed, or too large to read
      }
      scanned += data.content().length;
      if (scanned > MAX_SCANNED_BYTES) {
        stop = "it read " + MAX_SCANNED_BYTES + " bytes of files; narrow the path";
        break;
      }
      String text = data.text();
      if (text == null || text.indexOf('\0') >= 0) {
        continue; // not text
      }
      int number = 0;
      for (Iterator<String> lines = text.lines().iterator(); lines.hasNext(); ) {
        String line = lines.next();
        number++;
        try {
          if (!regex.matcher(new Bounded(line, deadline)).find()) {
            continue;
          }
        } catch (BudgetExhausted e) {
          stop =
              "its time budget of "
                  + budget.toMillis()
                  + " ms ran out; narrow the path or simplify the pattern";
          break search;
        }
        if (found == max) {
          stop = "it found " + max + " matches (max_results); narrow the search or raise it";
          break search;
        }
        found++;
        out.append(file).append(':').append(number).append(": ");
        out.append(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
        out.append('\n');
      }
    }
    if (found == 0 && stop == null) {
      return ToolResult.ok("No matches.");
    }
    if (stop != null) {
      out.append("[The search stopped early: ").append(stop).append(".]\n");
    }
    return ToolResult.ok(out.toString());
  }

  /** The files to search: everything under a folder, or the one file {@code path} names. */
  private static List<String> candidates(
      ProjectFiles files, String tenantId, String projectId, String path) {
    try {
      return files.list(tenantId, projectId, path, true).stream()
          .filter(e -> FileEntry.FILE.equals(e.type()))
          .map(FileEntry::path)
          .toList();
    } catch (ProblemException e) {
      if ("not_a_directory".equals(e.code())) {
        return List.of(FilePaths.normalize("path", path));
      }
      throw e;
    }
  }

  /** Thrown out of a match when the search's time is up. */
  private static final class BudgetExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExhausted() {
      super(null, null, false, false);
    }
  }

  /** A line that stops the regular expression engine reading it once the deadline passed. */
  private static final class Bounded implements CharSequence {
    private final CharSequence text;
    private final long deadline;
    private int reads;

    Bounded(CharSequence text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
        throw new BudgetExhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Bounded(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
