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

  /** Kept, not yet acted on. */
  public static final String RECEIVED = "received";

  /** The placeholder reply is posted; the turn is being sent. */
  public static final String POSTED = "posted";

  /** An agent is answering (run_id set). */
  public static final String ANSWERING = "answering";

  /** The answer (or the failure) is in the thread. */
  public static final String ANSWERED = "answered";

  /** Nothing to do: not a message for the bot (its own message, an edit …). */
  public static final String IGNORED = "ignored";

  /** The bot told the person why it could not launch an agent. */
  public static final String REFUSED = "refused";

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

  private String detail;

  @Column(name = "run_id")
  private String runId;

  @Column(name = "reply_channel")
  private String replyChannel;

  @Column(name = "reply_ts")
  private String replyTs;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected SlackEvent() {}

  public SlackEvent(String appId, String eventId, String eventType, String payload) {
    this.id = key(appId, eventId);
    this.appId = appId;
    this.eventId = eventId;
    this.eventType = eventType;
    this.payload = payload;
    this.status = RECEIVED;
    this.receivedAt = Times.now();
    this.updatedAt = receivedAt;
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

  public String detail() {
    return detail;
  }

  public String runId() {
    return runId;
  }

  public String replyChannel() {
    return replyChannel;
  }

  public String replyTs() {
    return replyTs;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Ends here: {@code status} ({@link #IGNORED}, {@link #REFUSED}, {@link #ANSWERED}), why. */
  public void end(String status, String detail) {
    this.status = status;
    this.detail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
    this.updatedAt = Times.now();
  }

  /** The placeholder reply {@code ts} is in {@code channel}. */
  public void posted(String channel, String ts) {
    this.status = POSTED;
    this.replyChannel = channel;
    this.replyTs = ts;
    this.updatedAt = Times.now();
  }

  /** Run {@code runId} answers. */
  public void answering(String runId) {
    this.status = ANSWERING;
    this.runId = runId;
    this.updatedAt = Times.now();
  }
}
