package dev.atelier.core.git;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The state of a project's work tree against its current commit. */
@Schema(description = "The state of a project's files against their current commit")
public record StatusView(
    @Schema(description = "The current branch") String branch,
    @Schema(description = "The current commit; null before the first", nullable = true) String head,
    @Schema(description = "Whether nothing is changed, untracked files aside") boolean clean,
    @Schema(description = "New files staged") List<String> added,
    @Schema(description = "Changed files staged") List<String> changed,
    @Schema(description = "Deleted files staged") List<String> removed,
    @Schema(description = "Changed files not staged") List<String> modified,
    @Schema(description = "Deleted files not staged") List<String> missing,
    @Schema(description = "Files git does not track") List<String> untracked,
    @Schema(description = "Files with merge conflicts") List<String> conflicting) {}
