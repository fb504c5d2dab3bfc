package dev.atelier.core.deployments;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A queued deployment and the task that runs it. */
@Schema(
    description =
        "A deployment was queued; follow it at /api/v1/deployments/{deployment_id}/status")
public record DeploymentAccepted(
    @Schema(description = "The deployment's id") String deploymentId,
    @Schema(description = "The provider") String provider,
    @Schema(description = "The background task that runs it") String taskId) {}
