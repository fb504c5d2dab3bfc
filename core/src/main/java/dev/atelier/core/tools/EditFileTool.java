package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.FileData;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code edit_file}: replaces exact text in a text file. The text must occur once (or {@code
 * replace_all}); the file is written back only if nobody changed it since it was read.
 */
final class EditFileTool extends FileTool {

  EditFileTool() {
    super(
        "edit_file",
        "Replace exact text in a text file of the project. old_text must match the file exactly"
            + " (whitespace and line breaks included) and occur exactly once, unless"
            + " replace_all=true replaces every occurrence.",
        false);
  }

  @Override
  ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    String oldText = text(args, "old_text");
    String newText = text(args, "new_text");
    boolean all = flag(args, "replace_all");
    FileData data = files.read(tenantId, projectId, text(args, "path"));
    String path = data.entry().path();
    String text = data.text();
    if (text == null) {
      return ToolResult.error(path + " is not a UTF-8 text file.");
    }
    if (oldText.equals(newText)) {
      return ToolResult.error("old_text and new_text are the same: there is nothing to change.");
    }
    int count = occurrences(text, oldText);
    if (count == 0) {
      return ToolResult.error(
          "old_text was not found in "
              + path
              + "; it must match the file exactly, whitespace and line breaks included.");
    }
    if (count > 1 && !all) {
      return ToolResult.error(
          "old_text occurs "
              + count
              + " times in "
              + path
              + "; include more of the surrounding text to make it unique, or set"
              + " replace_all=true.");
    }
    String edited = all ? text.replace(oldText, newText) : replaceFirst(text, oldText, newText);
    byte[] bytes = edited.getBytes(StandardCharsets.UTF_8);
    try {
      files.write(tenantId, projectId, path, new ByteArrayInputStream(bytes), data.etag(), null);
    } catch (ProblemException e) {
      if ("precondition_failed".equals(e.code())) {
        return ToolResult.error(
            path + " changed while it was being edited; read it and try again.");
      }
      throw e;
    }
    int replaced = all ? count : 1;
    return ToolResult.ok(
        "Replaced "
            + replaced
            + (replaced == 1 ? " occurrence" : " occurrences")
            + " in "
            + path
            + ".");
  }

  /** How many times {@code part} occurs in {@code text}, without overlaps. */
  static int occurrences(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      count++;
    }
    return count;
  }

  private static String replaceFirst(String text, String part, String with) {
    int i = text.indexOf(part);
    return text.substring(0, i) + with + text.substring(i + part.length());
  }
}
