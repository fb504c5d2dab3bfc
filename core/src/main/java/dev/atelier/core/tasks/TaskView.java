package dev.atelier.core.tasks;

import jakarta.json.JsonObject;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A background task as the API shows it. */
@Schema(description = "A durable background task (clone, push, pull ...)")
public record TaskView(
    @Schema(description = "The task's id") String id,
    @Schema(description = "What the task does, such as git.clone") String kind,
    @Schema(
            description = "Where the task is",
            enumeration = {"queued", "running", "waiting", "succeeded", "failed", "cancelled"})
        String status,
    @Schema(description = "The project the task works on", nullable = true) String projectId,
    @Schema(description = "How far the task got, 0 to 100") int progress,
    @Schema(description = "What the task is doing now", nullable = true) String message,
    @Schema(description = "What a task that succeeded answers", nullable = true) JsonObject result,
    @Schema(description = "Why a task failed", nullable = true) TaskError error,
    @Schema(description = "How often the task was started") int attempts,
    @Schema(description = "The user who started the task", nullable = true) String createdBy,
    @Schema(description = "When the task was queued") Instant createdAt,
    @Schema(description = "When the task was first started", nullable = true) Instant startedAt,
    @Schema(description = "When the task ended", nullable = true) Instant finishedAt,
    @Schema(description = "When the task last changed") Instant updatedAt) {}
