package dev.atelier.plugins.slack;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Changes to a Slack bot; absent fields are left alone. */
public record UpdateSlackApp(
    @Schema(description = "A new name, unique in the workspace") String name,
    @Schema(description = "The Slack app's Client ID") String clientId,
    @Schema(description = "A new Client Secret (after a rotation at Slack)") String clientSecret,
    @Schema(description = "A new Signing Secret (after a rotation at Slack)") String signingSecret,
    @Schema(description = "The labels of the agents the bot may launch, replacing the list")
        List<String> agentLabels,
    @Schema(description = "The project (id or slug) the bot's chats are about") String projectId,
    @Schema(description = "The agent a message that names none goes to; \"\" for none")
        String defaultAgent,
    @Schema(description = "The member who owns the bot (a user id)") String owner) {}
