package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A task (card) on a project's board: in one column, at a position within it. */
@Entity
@Table(name = "kanban_tasks")
public class KanbanTask implements Positioned {

  /** The priorities, lowest first. */
  public static final List<String> PRIORITIES = List.of("low", "medium", "high", "urgent");

  public static final String DEFAULT_PRIORITY = "medium";

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(name = "column_id", nullable = false)
  private String columnId;

  @Column(nullable = false)
  private String title;

  private String description;

  @Column(name = "assignee_id")
  private String assigneeId;

  @Column(name = "due_date")
  private LocalDate dueDate;

  @Column(nullable = false)
  private String priority;

  @Column(nullable = false)
  private int position;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected KanbanTask() {}

  /** A new task at {@code position} of {@code columnId}; a null priority is the default. */
  public KanbanTask(
      String projectId,
      String columnId,
      int position,
      String title,
      String description,
      String assigneeId,
      LocalDate dueDate,
      String priority,
      String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.columnId = columnId;
    this.position = position;
    this.title = title;
    this.description = description;
    this.assigneeId = assigneeId;
    this.dueDate = dueDate;
    this.priority = checked(priority == null ? DEFAULT_PRIORITY : priority);
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

  public String columnId() {
    return columnId;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  public String assigneeId() {
    return assigneeId;
  }

  public LocalDate dueDate() {
    return dueDate;
  }

  public String priority() {
    return priority;
  }

  @Override
  public int position() {
    return position;
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

  @Override
  public void reposition(int position) {
    this.position = position;
  }

  /** Puts the task into {@code columnId} at {@code position}. */
  public void moveTo(String columnId, int position) {
    this.columnId = columnId;
    this.position = position;
    touch();
  }

  public void retitle(String title) {
    this.title = title;
    touch();
  }

  public void describe(String description) {
    this.description = description;
    touch();
  }

  public void assign(String assigneeId) {
    this.assigneeId = assigneeId;
    touch();
  }

  public void due(LocalDate dueDate) {
    this.dueDate = dueDate;
    touch();
  }

  public void prioritise(String priority) {
    this.priority = checked(priority);
    touch();
  }

  private static String checked(String priority) {
    if (!PRIORITIES.contains(priority)) {
      throw new IllegalArgumentException("Unknown priority: " + priority);
    }
    return priority;
  }

  private void touch() {
    this.updatedAt = Times.now();
  }
}
