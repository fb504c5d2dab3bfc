package dev.atelier.core.deployments;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Deploy a project to every provider with credentials. */
@Schema(description = "A production deployment to every provider the workspace has credentials for")
public record DeployAll(
    @Schema(description = "The project's id or slug") String projectId,
    @Schema(
            description = "production (the default) or preview",
            enumeration = {"production", "preview"})
        String target,
    @Schema(
            description =
                "The folder of the project's files to deploy (the whole project when absent)")
        String outputDir) {}
