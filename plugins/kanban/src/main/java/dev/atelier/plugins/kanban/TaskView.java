package dev.atelier.plugins.kanban;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A task as the API shows it.
 *
 * @param position the 0-based place of the task in its column
 * @param dueDate a calendar date ({@code YYYY-MM-DD}), or null
 * @param priority {@code low}, {@code medium}, {@code high} or {@code urgent}
 */
public record TaskView(
    String id,
    String projectId,
    String columnId,
    String title,
    @Schema(nullable = true) String description,
    @Schema(nullable = true) String assigneeId,
    @Schema(nullable = true) LocalDate dueDate,
    String priority,
    int position,
    String createdBy,
    Instant createdAt,
    Instant updatedAt) {

  static TaskView of(KanbanTask t) {
    return new TaskView(
        t.id(),
        t.projectId(),
        t.columnId(),
        t.title(),
        t.description(),
        t.assigneeId(),
        t.dueDate(),
        t.priority(),
        t.position(),
        t.createdBy(),
        t.createdAt(),
        t.updatedAt());
  }
}
