package dev.atelier.plugins.kanban;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A column as the API shows it.
 *
 * @param position the 0-based place of the column on its board
 * @param wipLimit the most tasks it takes, or null for no limit
 * @param taskCount how many tasks it holds
 */
public record ColumnView(
    String id,
    String projectId,
    String name,
    int position,
    @Schema(nullable = true) Integer wipLimit,
    long taskCount,
    Instant createdAt,
    Instant updatedAt) {

  static ColumnView of(KanbanColumn c, long taskCount) {
    return new ColumnView(
        c.id(),
        c.projectId(),
        c.name(),
        c.position(),
        c.wipLimit(),
        taskCount,
        c.createdAt(),
        c.updatedAt());
  }
}
