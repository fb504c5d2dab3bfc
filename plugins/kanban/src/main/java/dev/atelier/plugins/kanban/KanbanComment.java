package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A comment on a task, by a member of the tenant. */
@Entity
@Table(name = "kanban_comments")
public class KanbanComment {

  @Id private String id;

  @Column(name = "task_id", nullable = false)
  private String taskId;

  @Column(name = "author_id")
  private String authorId;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected KanbanComment() {}

  public KanbanComment(String taskId, String authorId, String body) {
    this.id = UUID.randomUUID().toString();
    this.taskId = taskId;
    this.authorId = authorId;
    this.body = body;
    this.createdAt = Times.now();
  }

  public String id() {
    return id;
  }

  public String taskId() {
    return taskId;
  }

  public String authorId() {
    return authorId;
  }

  public String body() {
    return body;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
