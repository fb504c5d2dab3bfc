package dev.atelier.core.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The claim's rule for {@link TaskHandler#lane() lanes}, as SQL on table {@code tasks} aliased
 * {@code t}: of the tasks of one lane and one project one runs or waits at a time, the others are
 * claimed in the order they were queued (ADR 0030). The same SQL on H2 and PostgreSQL; index {@code
 * ix_tasks_project_status} (V25) answers its subquery from the project's unfinished tasks.
 */
public final class TaskLanes {

  private TaskLanes() {}

  /**
   * The condition under which queued task {@code t} waits: another task of its lane and project
   * runs, waits, or was queued before it (by creation time, then id); null when no kind has a lane.
   *
   * @param laneOfKind the lane of each kind that has one
   */
  public static String behind(Map<String, String> laneOfKind) {
    Map<String, TreeSet<String>> lanes = new TreeMap<>();
    laneOfKind.forEach(
        (kind, lane) -> {
          if (!kind.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalStateException("A task kind in a lane must be a plain name: " + kind);
          }
          lanes.computeIfAbsent(lane, l -> new TreeSet<>()).add(kind);
        });
    if (lanes.isEmpty()) {
      return null;
    }
    List<String> each = new ArrayList<>();
    for (TreeSet<String> kinds : lanes.values()) {
      String in = "('" + String.join("', '", kinds) + "')";
      each.add(
          "(t.kind IN "
              + in
              + " AND EXISTS (SELECT 1 FROM tasks o WHERE o.project_id = t.project_id"
              + " AND o.id <> t.id AND o.kind IN "
              + in
              + " AND o.status IN ('queued', 'running', 'waiting') AND (o.status <> 'queued'"
              + " OR o.created_at < t.created_at OR (o.created_at = t.created_at"
              + " AND o.id < t.id))))");
    }
    return "(" + String.join(" OR ", each) + ")";
  }
}
