package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.FileData;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import java.util.List;

/**
 * {@code read_file}: a text file's lines, from {@code offset_line} for {@code limit_lines}, at most
 * {@value #MAX_CHARS} characters in one answer; a note at the end says what was left out.
 */
final class ReadFileTool extends FileTool {

  /** The most characters of a file one answer returns. */
  static final int MAX_CHARS = 100_000;

  ReadFileTool() {
    super(
        "read_file",
        "Read a UTF-8 text file of the project. Returns its lines (offset_line and limit_lines"
            + " choose a part), at most "
            + MAX_CHARS
            + " characters; a note at the end says when the answer is not the whole file and"
            + " where to read on.",
        true);
  }

  @Override
  ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    String path = text(args, "path");
    FileData data = files.read(tenantId, projectId, path);
    String text = data.text();
    if (text == null) {
      return ToolResult.error(
          data.entry().path() + " is not a UTF-8 text file (" + data.content().length + " bytes).");
    }
    List<String> lines = text.lines().toList();
    if (lines.isEmpty()) {
      return ToolResult.ok("(empty file)");
    }
    int first = number(args, "offset_line", 1);
    if (first > lines.size()) {
      return ToolResult.error(
          "offset_line "
              + first
              + " is past the end of "
              + data.entry().path()
              + ", which has "
              + lines.size()
              + " lines.");
    }
    int limit = number(args, "limit_lines", Integer.MAX_VALUE);
    int end = (int) Math.min(lines.size(), (long) first - 1 + limit);
    StringBuilder out = new StringBuilder();
    int shown = first - 1;
    boolean cut = false;
    for (int i = first - 1; i < end; i++) {
      String line = lines.get(i);
      if (out.length() + line.length() + 1 > MAX_CHARS) {
        if (i == first - 1) {
          out.append(line, 0, MAX_CHARS).append('\n');
          shown = i + 1;
        }
        cut = true;
        break;
      }
      out.append(line).append('\n');
      shown = i + 1;
    }
    if (first > 1 || shown < lines.size() || cut) {
      out.append("[Lines ").append(first).append('-').append(shown);
      out.append(" of ").append(lines.size());
      if (cut) {
        out.append(", cut at the limit of ").append(MAX_CHARS).append(" characters");
      }
      if (shown < lines.size()) {
        out.append("; read on with offset_line=").append(shown + 1);
      }
      out.append("]\n");
    }
    return ToolResult.ok(out.toString());
  }
}
