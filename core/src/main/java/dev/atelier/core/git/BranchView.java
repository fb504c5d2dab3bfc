package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A local branch. */
@Schema(description = "A local branch")
public record BranchView(
    @Schema(description = "Its name") String name,
    @Schema(description = "The commit it points to") String head,
    @Schema(description = "Whether the files are on it") boolean current) {}
