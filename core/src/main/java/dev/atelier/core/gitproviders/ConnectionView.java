package dev.atelier.core.gitproviders;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A completed connection to a git host. */
@Schema(description = "A completed connection to a git host")
public record ConnectionView(
    @Schema(description = "The provider id") String provider,
    @Schema(description = "The account the connection acts as") String login) {}
