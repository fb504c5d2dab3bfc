package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.git.ProjectGit;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;

/**
 * A built-in tool on the git repository of the run's project, through {@link ProjectGit} as the
 * HTTP API goes, so the same rules hold; its input schema is {@code <name>.schema.json}.
 */
abstract class GitTool extends FileTool {

  GitTool(String name, String description, boolean readOnly) {
    super(name, description, readOnly);
  }

  @Override
  final ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args) {
    throw new UnsupportedOperationException("A git tool runs with the repository");
  }

  /** Runs one call on the repository of {@code projectId}. */
  abstract ToolResult run(
      ProjectGit git, String tenantId, String projectId, ToolInvocation invocation, JsonNode args);
}
