package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.FileEntry;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import java.util.List;

/** {@code list_files}: the entries of a folder, one a line, folders ending with {@code /}. */
final class ListFilesTool extends FileTool {

  /** The most entries one answer shows. */
  static final int MAX_ENTRIES = 1000;

  ListFilesTool() {
    super(
        "list_files",
        "List the files and folders of the project, or of one folder in it (path). With"
            + " recursive=true, everything under it. One entry a line: folders end with /, files"
            + " show their size in bytes.",
        true);
  }

  @Override
  ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    List<FileEntry> entries =
        files.list(tenantId, projectId, text(args, "path"), flag(args, "recursive"));
    if (entries.isEmpty()) {
      return ToolResult.ok("(no files)");
    }
    StringBuilder out = new StringBuilder();
    for (FileEntry e : entries.subList(0, Math.min(entries.size(), MAX_ENTRIES))) {
      if (FileEntry.DIRECTORY.equals(e.type())) {
        out.append(e.path()).append("/\n");
      } else {
        out.append(e.path()).append(" (").append(e.size()).append(" bytes)\n");
      }
    }
    if (entries.size() > MAX_ENTRIES) {
      out.append("[")
          .append(entries.size() - MAX_ENTRIES)
          .append(" more entries not shown; list a folder further down]\n");
    }
    return ToolResult.ok(out.toString());
  }
}
