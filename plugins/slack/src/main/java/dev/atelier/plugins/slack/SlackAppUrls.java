package dev.atelier.plugins.slack;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The addresses of a bot to configure at Slack, as paths of this server. */
public record SlackAppUrls(
    @Schema(description = "Event Subscriptions → Request URL") String events,
    @Schema(description = "OAuth & Permissions → Redirect URL") String oauthRedirect) {}
