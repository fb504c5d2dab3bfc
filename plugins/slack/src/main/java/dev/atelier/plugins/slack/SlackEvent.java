package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An event Slack delivered to a bot, kept once per Slack {@code event_id}: a retry of the same
 * event finds it and changes nothing. {@code received} until the bot has acted on it.
 */
@Entity
@Table(name = "slack_events")
public class SlackEvent {

  public static final String RECEIVED = "received";

  @Id private String id;

  @Column(name = "app_id", nullable = false)
  private String appId;

  @Column(name = "event_id", nullable = false)
  private String eventId;

  @Column(name = "event_type", nullable = false)
  private String eventType;

  @Column(nullable = false)
  private String payload;

  @Column(nullable = false)
  private String status;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  protected SlackEvent() {}

  public SlackEvent(String appId, String eventId, String eventType, String payload) {
    this.id = key(appId, eventId);
    this.appId = appId;
    this.eventId = eventId;
    this.eventType = eventType;
    this.payload = payload;
    this.status = RECEIVED;
    this.receivedAt = Times.now();
  }

  /** The primary key of event {@code eventId} of bot {@code appId}. */
  public static String key(String appId, String eventId) {
    return appId + ":" + eventId;
  }

  public String id() {
    return id;
  }

  public String appId() {
    return appId;
  }

  public String eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  public String payload() {
    return payload;
  }

  public String status() {
    return status;
  }

  public Instant receivedAt() {
    return receivedAt;
  }
}
