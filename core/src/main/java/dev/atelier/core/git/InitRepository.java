package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Makes a project's files a git repository. */
@Schema(description = "Make a project's files a git repository")
public record InitRepository(
    @Schema(description = "The project, by id or slug") String projectId,
    @Schema(description = "The first branch's name; main when absent", nullable = true)
        String defaultBranch) {}
