package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A column of a project's board, with an optional limit on the tasks it holds. */
@Entity
@Table(name = "kanban_columns")
public class KanbanColumn implements Positioned {

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private int position;

  @Column(name = "wip_limit")
  private Integer wipLimit;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected KanbanColumn() {}

  public KanbanColumn(String projectId, String name, int position, Integer wipLimit) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.name = name;
    this.position = position;
    this.wipLimit = wipLimit;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String name() {
    return name;
  }

  @Override
  public int position() {
    return position;
  }

  /** The most tasks the column takes, or {@code null} for no limit. */
  public Integer wipLimit() {
    return wipLimit;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  @Override
  public void reposition(int position) {
    this.position = position;
  }

  public void rename(String name) {
    this.name = name;
    this.updatedAt = Times.now();
  }

  public void limit(Integer wipLimit) {
    this.wipLimit = wipLimit;
    this.updatedAt = Times.now();
  }
}
