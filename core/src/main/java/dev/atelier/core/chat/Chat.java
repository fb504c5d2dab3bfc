package dev.atelier.core.chat;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A conversation with one agent about one project. */
@Entity
@Table(name = "chats")
public class Chat extends TenantOwned {

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(name = "agent_name", nullable = false)
  private String agentName;

  @Column(nullable = false)
  private String title;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Chat() {}

  public Chat(String projectId, String agentName, String title, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.agentName = agentName;
    this.title = title;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String agentName() {
    return agentName;
  }

  public String title() {
    return title;
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

  void touch() {
    updatedAt = Times.now();
  }
}
