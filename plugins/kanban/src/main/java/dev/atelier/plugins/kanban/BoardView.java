package dev.atelier.plugins.kanban;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A project's board: its columns in order, each with its first tasks in order.
 *
 * @param columns the columns by position
 */
public record BoardView(String projectId, List<BoardColumn> columns) {

  /**
   * A column of the board with at most {@link Boards#TASKS_PER_COLUMN} of its tasks, by position;
   * {@code task_count} says how many it holds (page through the rest with {@code GET
   * /tasks?column_id=}).
   */
  public record BoardColumn(
      String id,
      String name,
      int position,
      @Schema(nullable = true) Integer wipLimit,
      long taskCount,
      List<TaskView> tasks) {}
}
