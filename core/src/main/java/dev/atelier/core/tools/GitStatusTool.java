package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.git.ProjectGit;
import dev.atelier.core.git.StatusView;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;
import java.util.List;

/** {@code git_status}: the branch and the changed files of the project's repository. */
final class GitStatusTool extends GitTool {

  GitStatusTool() {
    super(
        "git_status",
        "Show the project's git branch, its current commit and the files changed since it"
            + " (staged, modified, missing, untracked, conflicting).",
        true);
  }

  @Override
  ToolResult run(
      ProjectGit git, String tenantId, String projectId, ToolInvocation invocation, JsonNode args) {
    StatusView s = git.status(tenantId, projectId);
    StringBuilder out =
        new StringBuilder("On branch ")
            .append(s.branch())
            .append(s.head() == null ? ", no commit yet" : ", at " + s.head())
            .append(s.clean() ? "; nothing to commit." : ".")
            .append('\n');
    section(out, "added", s.added());
    section(out, "changed", s.changed());
    section(out, "removed", s.removed());
    section(out, "modified", s.modified());
    section(out, "missing", s.missing());
    section(out, "untracked", s.untracked());
    section(out, "conflicting", s.conflicting());
    return ToolResult.ok(out.toString());
  }

  private static void section(StringBuilder out, String name, List<String> paths) {
    if (!paths.isEmpty()) {
      out.append(name).append(":\n");
      paths.stream().limit(500).forEach(p -> out.append("  ").append(p).append('\n'));
      if (paths.size() > 500) {
        out.append("  … and ").append(paths.size() - 500).append(" more\n");
      }
    }
  }
}
