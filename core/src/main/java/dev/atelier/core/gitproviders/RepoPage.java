package dev.atelier.core.gitproviders;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of a host's repositories; the host does not say how many there are. */
@Schema(description = "A page of a host's repositories")
public record RepoPage(
    @Schema(description = "The repositories") List<RepoView> items,
    @Schema(description = "The page size asked for") int limit,
    @Schema(description = "How many were skipped") int offset,
    @Schema(description = "Whether the host has more") boolean hasMore) {}
