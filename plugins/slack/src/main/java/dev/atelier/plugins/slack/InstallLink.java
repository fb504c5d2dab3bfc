package dev.atelier.plugins.slack;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to send the admin's browser to install a bot in a Slack workspace. */
public record InstallLink(
    @Schema(description = "Slack's OAuth v2 authorize URL, with this install's state") String url,
    @Schema(description = "Until when the link can be used") Instant expiresAt) {}
