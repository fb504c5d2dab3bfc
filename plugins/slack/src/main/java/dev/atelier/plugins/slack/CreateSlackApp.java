package dev.atelier.plugins.slack;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new Slack bot: the credentials of the Slack app an admin made at api.slack.com/apps. */
public record CreateSlackApp(
    @Schema(description = "A name for the bot, unique in the workspace", required = true)
        String name,
    @Schema(description = "The Slack app's Client ID (Basic Information)", required = true)
        String clientId,
    @Schema(description = "The Slack app's Client Secret; never shown again", required = true)
        String clientSecret,
    @Schema(
            description = "The Slack app's Signing Secret, to verify its events; never shown again",
            required = true)
        String signingSecret,
    @Schema(
            description =
                "The labels of the agents the bot may launch (lowercase letters, digits, - and _)",
            required = true)
        List<String> agentLabels,
    @Schema(description = "The member who owns the bot (a user id); the caller when absent")
        String owner) {}
