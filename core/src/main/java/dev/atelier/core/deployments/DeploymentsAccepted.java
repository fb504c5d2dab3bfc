package dev.atelier.core.deployments;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The deployments deploy-all queued, one per provider. */
@Schema(description = "The deployments queued, one per provider with credentials")
public record DeploymentsAccepted(
    @Schema(description = "One per provider") List<DeploymentAccepted> deployments) {}
