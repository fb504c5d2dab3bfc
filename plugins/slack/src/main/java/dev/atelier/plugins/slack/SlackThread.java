package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The chat a Slack thread continues: each thread is one chat, with its history. */
@Entity
@Table(name = "slack_threads")
public class SlackThread {

  @Id private String id;

  @Column(name = "app_id", nullable = false)
  private String appId;

  @Column(nullable = false)
  private String channel;

  @Column(name = "thread_ts", nullable = false)
  private String threadTs;

  @Column(name = "chat_id", nullable = false)
  private String chatId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected SlackThread() {}

  public SlackThread(String appId, String channel, String threadTs, String chatId) {
    this.id = UUID.randomUUID().toString();
    this.appId = appId;
    this.channel = channel;
    this.threadTs = threadTs;
    this.chatId = chatId;
    this.createdAt = Times.now();
  }

  public String chatId() {
    return chatId;
  }

  /** The thread goes on in {@code chatId} (its former chat is gone). */
  public void chat(String chatId) {
    this.chatId = chatId;
  }
}
