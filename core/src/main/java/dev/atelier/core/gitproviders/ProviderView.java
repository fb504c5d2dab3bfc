package dev.atelier.core.gitproviders;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A git host and the caller's connection to it. */
@Schema(description = "A git host and the caller's connection to it")
public record ProviderView(
    @Schema(description = "The provider id, such as github") String id,
    @Schema(description = "Its name") String displayName,
    @Schema(description = "Whether the server can connect with OAuth (else with a token)")
        boolean oauth,
    @Schema(description = "Whether the caller is connected") boolean connected,
    @Schema(description = "The account the connection acts as", nullable = true) String login) {}
