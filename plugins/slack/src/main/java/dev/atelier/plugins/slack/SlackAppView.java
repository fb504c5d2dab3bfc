package dev.atelier.plugins.slack;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A Slack bot as the API shows it: never a secret. */
public record SlackAppView(
    @Schema(description = "The bot's id") String id,
    @Schema(description = "Its name in the workspace") String name,
    @Schema(description = "The Slack app's Client ID") String clientId,
    @Schema(description = "The labels of the agents it may launch") List<String> agentLabels,
    @Schema(description = "The project its chats are about") String projectId,
    @Schema(description = "The agent a message that names none goes to", nullable = true)
        String defaultAgent,
    @Schema(description = "The member who owns it; its agents run on their behalf") String ownerId,
    @Schema(
            description = "configuring until installed with Slack's OAuth, then live",
            enumeration = {"configuring", "live"})
        String status,
    @Schema(description = "Slack's id of the app, once installed", nullable = true)
        String slackAppId,
    @Schema(description = "The Slack workspace it is installed in", nullable = true) String teamId,
    @Schema(description = "That Slack workspace's name", nullable = true) String teamName,
    @Schema(description = "The bot user's Slack id", nullable = true) String botUserId,
    @Schema(description = "When it was installed", nullable = true) Instant installedAt,
    @Schema(
            description =
                "The Request URL to give Slack (Event Subscriptions) and the Redirect URL (OAuth &"
                    + " Permissions), relative to this server's public address")
        SlackAppUrls urls,
    @Schema(description = "When it was registered") Instant createdAt,
    @Schema(description = "When it last changed") Instant updatedAt) {

  static SlackAppView of(SlackApp a, String tenantId) {
    return new SlackAppView(
        a.id(),
        a.name(),
        a.clientId(),
        a.agentLabels(),
        a.projectId(),
        a.defaultAgent(),
        a.ownerId(),
        a.status(),
        a.slackAppId(),
        a.teamId(),
        a.teamName(),
        a.botUserId(),
        a.installedAt(),
        new SlackAppUrls(eventsPath(tenantId, a.id()), callbackPath(a.id())),
        a.createdAt(),
        a.updatedAt());
  }

  /** The path Slack posts the bot's events to. */
  static String eventsPath(String tenantId, String appId) {
    return "/api/v1/webhooks/slack/events?tenant=" + tenantId + "&app=" + appId;
  }

  /** The path Slack sends the installing admin's browser back to. */
  static String callbackPath(String appId) {
    return "/api/v1/slack-apps/" + appId + "/oauth/callback";
  }
}
