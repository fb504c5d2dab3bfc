package dev.atelier.core.deployments;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A deployment and how far it got. */
@Schema(description = "A deployment of a project to a provider")
public record DeploymentView(
    @Schema(description = "The deployment's id") String id,
    @Schema(description = "The project") String projectId,
    @Schema(description = "The provider") String provider,
    @Schema(description = "production or preview") String target,
    @Schema(description = "The folder deployed, or null for the whole project", nullable = true)
        String outputDir,
    @Schema(
            description = "Where it is",
            enumeration = {"queued", "uploading", "building", "ready", "error", "cancelled"})
        String status,
    @Schema(description = "Where it serves, once the provider says", nullable = true) String url,
    @Schema(description = "The provider's id of the deployment", nullable = true) String reference,
    @Schema(
            description = "An excerpt of what the provider reported (a build error)",
            nullable = true)
        String log,
    @Schema(description = "The background task that runs it", nullable = true) String taskId,
    @Schema(description = "Who started it", nullable = true) String createdBy,
    @Schema(description = "When it was queued") Instant createdAt,
    @Schema(description = "When it last changed") Instant updatedAt) {

  static DeploymentView of(Deployment d) {
    return new DeploymentView(
        d.id(),
        d.projectId(),
        d.provider(),
        d.target(),
        d.outputDir(),
        d.status(),
        d.url(),
        d.reference(),
        d.log(),
        d.taskId(),
        d.createdBy(),
        d.createdAt(),
        d.updatedAt());
  }
}
