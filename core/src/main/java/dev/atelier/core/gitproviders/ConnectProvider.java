package dev.atelier.core.gitproviders;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Connects to a git host: with a token, or (without one) by OAuth. */
@Schema(description = "Connect with a personal access token, or, without one, start OAuth")
public record ConnectProvider(
    @Schema(description = "A personal access token; absent to start OAuth", nullable = true)
        String token) {}
