package dev.atelier.core.agentchanges;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A change of a project's repository to hand to an agent. */
@Schema(description = "A change of a project's repository to hand to an agent")
public record CreateAgentChange(
    @Schema(description = "The project, by id or slug; its files are a clone with an origin")
        String projectId,
    @Schema(description = "What to change, in words: the agent's message") String description,
    @Schema(
            description =
                "The workspace's agent that does the work (its tools write the files); the"
                    + " server's default agent (coder unless configured) when absent",
            nullable = true)
        String agent,
    @Schema(
            description =
                "The repository at the host the pull request is opened in (owner/name); the path"
                    + " of origin's URL when absent",
            nullable = true)
        String repo,
    @Schema(
            description =
                "The branch the change starts from and goes into; the current one when absent",
            nullable = true)
        String baseBranch,
    @Schema(
            description =
                "pull_request (default): a new branch and a pull request; direct: a commit on the"
                    + " base branch, pushed",
            enumeration = {"pull_request", "direct"},
            nullable = true)
        String commitMode,
    @Schema(
            description =
                "The git provider whose connection of the caller pushes and opens the pull"
                    + " request; the one origin was cloned through when absent",
            nullable = true)
        String provider) {}
