package dev.atelier.core.agentchanges;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An agent change as the API shows it. */
@Schema(description = "A change of a project's repository handed to an agent")
public record AgentChangeView(
    @Schema(description = "The agent change's id") String id,
    @Schema(description = "The project") String projectId,
    @Schema(description = "The task that does the change") String taskId,
    @Schema(
            description = "The agent's run, once started (follow it for steps and approvals)",
            nullable = true)
        String runId,
    @Schema(description = "The agent that does the work") String agent,
    @Schema(description = "What was asked") String description,
    @Schema(
            description = "create or edit",
            enumeration = {"create", "edit"})
        String kind,
    @Schema(
            description = "pull_request or direct",
            enumeration = {"pull_request", "direct"})
        String commitMode,
    @Schema(description = "The git provider, when one is used", nullable = true) String provider,
    @Schema(description = "The repository at the host (owner/name)", nullable = true) String repo,
    @Schema(description = "The branch the change starts from", nullable = true) String baseBranch,
    @Schema(description = "The change's own branch; null for a direct commit", nullable = true)
        String branch,
    @Schema(
            description = "Where the change is",
            enumeration = {"queued", "running", "publishing", "succeeded", "failed"})
        String status,
    @Schema(description = "The commit of the agent's work, once made", nullable = true)
        String commit,
    @Schema(description = "The pull request's number", nullable = true) Integer pullRequestNumber,
    @Schema(description = "The pull request's web page", nullable = true) String htmlUrl,
    @Schema(description = "Why the change failed: a stable code", nullable = true) String errorCode,
    @Schema(description = "Why the change failed, in words", nullable = true) String errorDetail,
    @Schema(description = "The user who asked for the change", nullable = true) String createdBy,
    @Schema(description = "When it was asked") Instant createdAt,
    @Schema(description = "When it last changed") Instant updatedAt) {

  static AgentChangeView of(AgentChange c) {
    return new AgentChangeView(
        c.id(),
        c.projectId(),
        c.taskId(),
        c.runId(),
        c.agent(),
        c.description(),
        c.kind(),
        c.commitMode(),
        c.provider(),
        c.repo(),
        c.baseBranch(),
        c.branch(),
        c.status(),
        c.commitSha(),
        c.pullNumber(),
        c.htmlUrl(),
        c.errorCode(),
        c.errorDetail(),
        c.createdBy(),
        c.createdAt(),
        c.updatedAt());
  }
}
