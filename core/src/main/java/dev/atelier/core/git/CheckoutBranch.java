package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Switches a project's files to a branch. */
@Schema(description = "Switch a project's files to a branch, or create it from the current one")
public record CheckoutBranch(
    @Schema(description = "The project, by id or slug") String projectId,
    @Schema(description = "The branch") String branch,
    @Schema(description = "Create the branch from the current commit", nullable = true)
        Boolean create) {}
