package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.git.CommitView;
import dev.atelier.core.git.ProjectGit;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code git_commit}: commits the project's changes (or those under some paths). A writing tool: an
 * agent's spec can require a person's approval before each call ({@code approval_required}).
 */
final class GitCommitTool extends GitTool {

  GitCommitTool() {
    super(
        "git_commit",
        "Commit the changes of the project's files (all of them, or only those under the paths"
            + " given) with a message. Check them with git_status or git_diff first.",
        false);
  }

  @Override
  ToolResult run(
      ProjectGit git, String tenantId, String projectId, ToolInvocation invocation, JsonNode args) {
    List<String> paths = null;
    if (args.has("paths")) {
      paths = new ArrayList<>();
      for (JsonNode p : args.get("paths")) {
        paths.add(p.asText());
      }
    }
    CommitView c =
        git.commitForRun(
            tenantId, projectId, null, invocation.runId(), text(args, "message"), paths);
    return ToolResult.ok("Committed " + c.id() + ": " + c.message().lines().findFirst().orElse(""));
  }
}
