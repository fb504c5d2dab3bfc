package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Link a project to a repository at a git host, whose pushes pull the project")
public record LinkWebhook(
    @Schema(description = "The git provider, e.g. github") String provider,
    @Schema(description = "The repository at the host, owner/name") String repository,
    @Schema(
            description = "The branch whose pushes pull; the project's current branch when absent",
            nullable = true)
        String branch) {}
