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
    @Schema(description = "The project (id or slug) the bot's chats are about", required = true)
        String projectId,
    @Schema(
            description =
                "The agent a message that names none goes to; when absent and the bot may launch"
                    + " several, a message starts with the agent's name")
        String defaultAgent,
    @Schema(
            description =
                "The member who owns the bot (a user id; an operator or admin): the agents run on"
                    + " their behalf; the caller when absent")
        String owner) {}
