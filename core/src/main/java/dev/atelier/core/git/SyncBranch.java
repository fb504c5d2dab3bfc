package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Pushes a branch to a remote, or pulls the current branch from it. */
@Schema(description = "Push a branch to a remote, or pull the current branch from it")
public record SyncBranch(
    @Schema(description = "The project, by id or slug") String projectId,
    @Schema(description = "The remote; origin when absent", nullable = true) String remote,
    @Schema(description = "The branch; the current one when absent", nullable = true)
        String branch) {}
