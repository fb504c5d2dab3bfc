package dev.atelier.core.git;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A commit. */
@Schema(description = "A commit")
public record CommitView(
    @Schema(description = "Its id (SHA-1)") String id,
    @Schema(description = "Its message") String message,
    @Schema(description = "The author's name") String authorName,
    @Schema(description = "The author's email") String authorEmail,
    @Schema(description = "When it was authored") Instant authoredAt) {}
