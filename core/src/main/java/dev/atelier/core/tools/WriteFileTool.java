package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.files.Written;
import dev.atelier.plugin.api.tool.ToolResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** {@code write_file}: creates or replaces a text file, with the folders on the way. */
final class WriteFileTool extends FileTool {

  WriteFileTool() {
    super(
        "write_file",
        "Create a text file in the project, or replace its whole content; missing folders are"
            + " created. To change part of an existing file, prefer edit_file.",
        false);
  }

  @Override
  ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    byte[] content = text(args, "content").getBytes(StandardCharsets.UTF_8);
    Written w =
        files.write(
            tenantId, projectId, text(args, "path"), new ByteArrayInputStream(content), null, null);
    return ToolResult.ok(
        (w.created() ? "Created " : "Replaced ")
            + w.entry().path()
            + " ("
            + content.length
            + " bytes).");
  }
}
