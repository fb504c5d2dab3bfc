package dev.atelier.core.deployments;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to send the admin's browser to authorize the server at a deployment provider. */
@Schema(description = "Where to send the browser to authorize the server at the provider")
public record OAuthStart(
    @Schema(description = "The provider's consent page (single-use state, 10 minutes)")
        String authorizeUrl) {}
