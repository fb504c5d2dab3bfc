package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A Slack bot of a workspace: {@code configuring} until Slack's OAuth install gives it a bot token,
 * then {@code live}. Its secrets (client secret, signing secret, bot token) are plugin secrets
 * named by {@link #secret(String)}, never columns.
 */
@Entity
@Table(name = "slack_apps")
public class SlackApp {

  /** The statuses, in the order a bot goes through them. */
  public static final String CONFIGURING = "configuring";

  public static final String LIVE = "live";

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(name = "client_id", nullable = false)
  private String clientId;

  /** The labels of the agents the bot may launch, comma-separated. */
  @Column(name = "agent_labels", nullable = false)
  private String agentLabels;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(name = "default_agent")
  private String defaultAgent;

  @Column(name = "owner_id", nullable = false)
  private String ownerId;

  @Column(nullable = false)
  private String status;

  @Column(name = "slack_app_id")
  private String slackAppId;

  @Column(name = "team_id")
  private String teamId;

  @Column(name = "team_name")
  private String teamName;

  @Column(name = "bot_user_id")
  private String botUserId;

  @Column(name = "install_state_hash")
  private String installStateHash;

  @Column(name = "install_state_expires_at")
  private Instant installStateExpiresAt;

  @Column(name = "installed_at")
  private Instant installedAt;

  /** When the bot token expires (Slack's token rotation), or null for a token that does not. */
  @Column(name = "token_expires_at")
  private Instant tokenExpiresAt;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected SlackApp() {}

  public SlackApp(
      String name,
      String clientId,
      List<String> agentLabels,
      String projectId,
      String defaultAgent,
      String ownerId,
      String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.name = name;
    this.clientId = clientId;
    this.agentLabels = String.join(",", agentLabels);
    this.projectId = projectId;
    this.defaultAgent = defaultAgent;
    this.ownerId = ownerId;
    this.status = CONFIGURING;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  /** The name of this bot's plugin secret {@code what} ({@code client_secret}, …). */
  public String secret(String what) {
    return "app." + id + "." + what;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String clientId() {
    return clientId;
  }

  public List<String> agentLabels() {
    return agentLabels.isEmpty() ? List.of() : Arrays.asList(agentLabels.split(","));
  }

  public String ownerId() {
    return ownerId;
  }

  /** The project the bot's chats are about. */
  public String projectId() {
    return projectId;
  }

  /** The agent a message that names none goes to, or null. */
  public String defaultAgent() {
    return defaultAgent;
  }

  public void project(String projectId) {
    this.projectId = projectId;
    touch();
  }

  public void defaultAgent(String agent) {
    this.defaultAgent = agent;
    touch();
  }

  public String status() {
    return status;
  }

  public String slackAppId() {
    return slackAppId;
  }

  public String teamId() {
    return teamId;
  }

  public String teamName() {
    return teamName;
  }

  public String botUserId() {
    return botUserId;
  }

  public String installStateHash() {
    return installStateHash;
  }

  public Instant installStateExpiresAt() {
    return installStateExpiresAt;
  }

  public Instant installedAt() {
    return installedAt;
  }

  public Instant tokenExpiresAt() {
    return tokenExpiresAt;
  }

  /** The bot token was issued (or refreshed) and expires at {@code at} (null: never). */
  public void tokenExpires(Instant at) {
    this.tokenExpiresAt = at;
    touch();
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void rename(String name) {
    this.name = name;
    touch();
  }

  public void clientId(String clientId) {
    this.clientId = clientId;
    touch();
  }

  public void agentLabels(List<String> labels) {
    this.agentLabels = String.join(",", labels);
    touch();
  }

  public void owner(String ownerId) {
    this.ownerId = ownerId;
    touch();
  }

  /** Starts an install: the hash of the state Slack will send back, good until {@code until}. */
  public void installing(String stateHash, Instant until) {
    this.installStateHash = stateHash;
    this.installStateExpiresAt = until;
    touch();
  }

  /** The install succeeded: the bot is live in {@code teamId}; the state is used up. */
  public void installed(String slackAppId, String teamId, String teamName, String botUserId) {
    this.slackAppId = slackAppId;
    this.teamId = teamId;
    this.teamName = teamName;
    this.botUserId = botUserId;
    this.status = LIVE;
    this.installedAt = Times.now();
    this.installStateHash = null;
    this.installStateExpiresAt = null;
    touch();
  }

  /** The install state is used up (a failed exchange, say), the status unchanged. */
  public void stateUsed() {
    this.installStateHash = null;
    this.installStateExpiresAt = null;
    touch();
  }

  private void touch() {
    this.updatedAt = Times.now();
  }
}
