package dev.atelier.core.tasks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a request that started a background task (202): follow it at {@code GET
 * /api/v1/tasks/{task_id}}.
 */
@Schema(description = "A background task was queued; follow it at /api/v1/tasks/{task_id}")
public record TaskAccepted(
    @Schema(description = "The task's id") String taskId,
    @Schema(description = "What the task does, such as git.clone") String kind,
    @Schema(description = "The task's status, queued") String status) {}
