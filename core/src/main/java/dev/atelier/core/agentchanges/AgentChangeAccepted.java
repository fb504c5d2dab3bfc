package dev.atelier.core.agentchanges;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a change handed to an agent (202). */
@Schema(
    description =
        "An agent change was queued: follow it at /api/v1/agent-changes/{id} or its task at"
            + " /api/v1/tasks/{task_id}")
public record AgentChangeAccepted(
    @Schema(description = "The agent change's id") String id,
    @Schema(description = "The id of the task that does it") String taskId,
    @Schema(
            description =
                "create: the change makes the repository's first commit; edit: it changes what"
                    + " the base branch has",
            enumeration = {"create", "edit"})
        String kind,
    @Schema(description = "The change's status, queued") String status,
    @Schema(
            description = "The branch the agent works on; null for a direct commit",
            nullable = true)
        String branch) {}
