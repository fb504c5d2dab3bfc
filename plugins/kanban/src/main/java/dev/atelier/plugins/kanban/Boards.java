package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the kanban resources share: finding a board's project, columns and tasks (404 for anything
 * not on the board, another tenant's included), the order of columns and tasks, and the rules on
 * positions and work-in-progress limits.
 *
 * <p>Positions are 0-based and dense within a board (columns) or a column (tasks). Every change of
 * a column's tasks (add, remove, move) first locks that column's row, so concurrent changes of one
 * column take turns and its positions and limit stay right.
 */
final class Boards {

  /** At most this many tasks of each column come with the board. */
  static final int TASKS_PER_COLUMN = 200;

  /** At most this many columns on one board. */
  static final int MAX_COLUMNS = 100;

  private Boards() {}

  /** The tenant's project with this id or slug, or 404. */
  static ProjectRef project(PluginSession session, String idOrSlug) {
    return session
        .workspace()
        .project(idOrSlug)
        .orElseThrow(() -> ProblemException.notFound("The project"));
  }

  /** Who is calling; a route always has a caller. */
  static CallerInfo caller(PluginSession session) {
    return session
        .caller()
        .orElseThrow(() -> ProblemException.forbidden("This operation needs a signed-in caller."));
  }

  /** The project's column with this id, or 404. */
  static KanbanColumn column(EntityManager em, String projectId, String columnId) {
    KanbanColumn c = em.find(KanbanColumn.class, columnId);
    if (c == null || !c.projectId().equals(projectId)) {
      throw ProblemException.notFound("The column");
    }
    return c;
  }

  /** The project's task with this id, or 404. */
  static KanbanTask task(EntityManager em, String projectId, String taskId) {
    KanbanTask t = em.find(KanbanTask.class, taskId);
    if (t == null || !t.projectId().equals(projectId)) {
      throw ProblemException.notFound("The task");
    }
    return t;
  }

  /**
   * Locks the project's columns with these ids, in id order so that two requests never wait for
   * each other; 404 when one is not on the board. Returns them by id.
   */
  static Map<String, KanbanColumn> lockColumns(EntityManager em, String projectId, String... ids) {
    Map<String, KanbanColumn> locked = new HashMap<>();
    for (String id : new TreeSet<>(List.of(ids))) {
      KanbanColumn c = em.find(KanbanColumn.class, id, LockModeType.PESSIMISTIC_WRITE);
      if (c == null || !c.projectId().equals(projectId)) {
        throw ProblemException.notFound("The column");
      }
      locked.put(id, c);
    }
    return locked;
  }

  /** A task together with the locked columns it may leave or enter. */
  record LockedTask(KanbanTask task, Map<String, KanbanColumn> columns) {

    KanbanColumn column() {
      return columns.get(task.columnId());
    }
  }

  /**
   * The project's task with this id, with its own column and the {@code others} locked; 404 when
   * the task or one of the others is not on the board.
   */
  static LockedTask lockTask(EntityManager em, String projectId, String taskId, String... others) {
    KanbanTask task = task(em, projectId, taskId);
    for (int attempt = 1; ; attempt++) {
      String[] ids = new String[others.length + 1];
      ids[0] = task.columnId();
      System.arraycopy(others, 0, ids, 1, others.length);
      Map<String, KanbanColumn> locked = lockColumns(em, projectId, ids);
      try {
        em.refresh(task); // what it is now that its column cannot change under us
      } catch (EntityNotFoundException e) {
        throw ProblemException.notFound("The task");
      }
      if (locked.containsKey(task.columnId())) {
        return new LockedTask(task, locked);
      }
      if (attempt == 3) {
        throw ProblemException.conflict("conflict", "The task is being moved concurrently.");
      }
    }
  }

  /** The project's columns by position, in a list of their own. */
  static List<KanbanColumn> columns(EntityManager em, String projectId) {
    return new ArrayList<>(
        em.createQuery(
                "SELECT c FROM KanbanColumn c WHERE c.projectId = :p"
                    + " ORDER BY c.position, c.createdAt, c.id",
                KanbanColumn.class)
            .setParameter("p", projectId)
            .getResultList());
  }

  /** The column's tasks by position, in a list of their own. */
  static List<KanbanTask> tasks(EntityManager em, String columnId) {
    return new ArrayList<>(tasksQuery(em, columnId).getResultList());
  }

  private static TypedQuery<KanbanTask> tasksQuery(EntityManager em, String columnId) {
    return em.createQuery(
            "SELECT t FROM KanbanTask t WHERE t.columnId = :c ORDER BY t.position, t.createdAt, t.id",
            KanbanTask.class)
        .setParameter("c", columnId);
  }

  /** How many tasks the column holds. */
  static long taskCount(EntityManager em, String columnId) {
    return em.createQuery("SELECT COUNT(t) FROM KanbanTask t WHERE t.columnId = :c", Long.class)
        .setParameter("c", columnId)
        .getSingleResult();
  }

  /** How many tasks each column of the project holds (absent: none). */
  static Map<String, Long> taskCounts(EntityManager em, String projectId) {
    Map<String, Long> counts = new HashMap<>();
    em.createQuery(
            "SELECT t.columnId, COUNT(t) FROM KanbanTask t WHERE t.projectId = :p"
                + " GROUP BY t.columnId",
            Object[].class)
        .setParameter("p", projectId)
        .getResultList()
        .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
    return counts;
  }

  /** The project's board, each column with its first {@link #TASKS_PER_COLUMN} tasks. */
  static BoardView board(EntityManager em, String projectId) {
    Map<String, Long> counts = taskCounts(em, projectId);
    List<BoardView.BoardColumn> columns =
        columns(em, projectId).stream()
            .map(
                c ->
                    new BoardView.BoardColumn(
                        c.id(),
                        c.name(),
                        c.position(),
                        c.wipLimit(),
                        counts.getOrDefault(c.id(), 0L),
                        tasksQuery(em, c.id())
                            .setMaxResults(TASKS_PER_COLUMN)
                            .getResultList()
                            .stream()
                            .map(TaskView::of)
                            .toList()))
            .toList();
    return new BoardView(projectId, columns);
  }

  /**
   * Refuses with 409 {@code wip_limit_reached} when {@code adding} more tasks would take the column
   * over its limit. A column already over its limit (the limit was lowered) keeps its tasks.
   */
  static void requireRoom(KanbanColumn column, long holding, long adding) {
    if (column.wipLimit() != null && holding + adding > column.wipLimit()) {
      throw ProblemException.conflict(
          "wip_limit_reached",
          "The column '"
              + column.name()
              + "' takes at most "
              + column.wipLimit()
              + " tasks and holds "
              + holding
              + ".");
    }
  }

  /** Gives the items the positions 0, 1, 2... in their list order. */
  static void renumber(List<? extends Positioned> items) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).position() != i) {
        items.get(i).reposition(i);
      }
    }
  }

  /** {@code position} as an index into a list of {@code size}: the end when absent or beyond. */
  static int place(Integer position, int size) {
    return position == null ? size : Math.min(position, size);
  }
}
