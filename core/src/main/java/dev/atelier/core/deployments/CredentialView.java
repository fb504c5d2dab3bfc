package dev.atelier.core.deployments;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored provider credential, without its token. */
@Schema(description = "A workspace's credential for a deployment provider (never its token)")
public record CredentialView(
    @Schema(description = "The credential's id") String id,
    @Schema(description = "The provider") String provider,
    @Schema(description = "The account given with the token, if any", nullable = true)
        String account,
    @Schema(description = "The account the provider says the token belongs to", nullable = true)
        String accountName,
    @Schema(description = "Who stored it", nullable = true) String createdBy,
    @Schema(description = "When it was stored") Instant createdAt) {

  static CredentialView of(DeploymentCredential c) {
    return new CredentialView(
        c.id(), c.provider(), c.account(), c.accountName(), c.createdBy(), c.createdAt());
  }
}
