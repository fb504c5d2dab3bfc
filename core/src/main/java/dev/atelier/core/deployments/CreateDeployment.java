package dev.atelier.core.deployments;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What to deploy where. */
@Schema(description = "A deployment of a project's files to a provider")
public record CreateDeployment(
    @Schema(description = "The project's id or slug") String projectId,
    @Schema(description = "The provider: a provider with stored credentials") String provider,
    @Schema(
            description = "production or preview",
            enumeration = {"production", "preview"})
        String target,
    @Schema(
            description =
                "The folder of the project's files to deploy (the whole project when absent)")
        String outputDir) {}
