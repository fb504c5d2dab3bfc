package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.git.ProjectGit;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;

/** {@code git_diff}: the changes since the current commit, as a unified diff. */
final class GitDiffTool extends GitTool {

  private static final int MAX_CHARS = 100_000;

  GitDiffTool() {
    super(
        "git_diff",
        "Show the changes of the project's files since the current commit as a unified diff"
            + " (new files as added), optionally only under one path.",
        true);
  }

  @Override
  ToolResult run(
      ProjectGit git, String tenantId, String projectId, ToolInvocation invocation, JsonNode args) {
    String diff = git.diff(tenantId, projectId, text(args, "path"), MAX_CHARS);
    return ToolResult.ok(diff.isEmpty() ? "No changes." : diff);
  }
}
