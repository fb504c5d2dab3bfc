package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;

/** {@code delete_file}: deletes a file or an empty folder. */
final class DeleteFileTool extends FileTool {

  DeleteFileTool() {
    super("delete_file", "Delete a file, or an empty folder, of the project.", false);
  }

  @Override
  ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    String path = text(args, "path");
    try {
      files.delete(tenantId, projectId, path, false);
    } catch (ProblemException e) {
      if ("directory_not_empty".equals(e.code())) {
        return ToolResult.error(path + " is a folder that is not empty; delete its files first.");
      }
      throw e;
    }
    return ToolResult.ok("Deleted " + path + ".");
  }
}
