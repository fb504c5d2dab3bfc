package dev.atelier.core.gitproviders;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to send the user's browser to authorize the server at the git host. */
@Schema(description = "Where to send the user's browser to authorize the server at the git host")
public record AuthorizeView(
    @Schema(description = "The host's authorize URL") String authorizeUrl) {}
