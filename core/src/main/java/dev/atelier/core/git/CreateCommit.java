package dev.atelier.core.git;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Commits the changes of a project's files, as the caller. */
@Schema(description = "Commit the changes of a project's files; the caller is the author")
public record CreateCommit(
    @Schema(description = "The project, by id or slug") String projectId,
    @Schema(description = "The commit message") String message,
    @Schema(description = "Only these files or folders; every change when absent", nullable = true)
        List<String> paths) {}
