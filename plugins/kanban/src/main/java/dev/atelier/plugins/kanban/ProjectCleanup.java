package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Removes a deleted project's board: its columns, tasks and comments. Events do not reach a tenant
 * while it has the plugin switched off, so when the tenant switches it on again, the boards of
 * projects deleted in between are swept away too.
 */
@Extension
public class ProjectCleanup implements EventListener {

  private final PluginContext context;

  public ProjectCleanup(PluginContext context) {
    this.context = context;
  }

  @Override
  public Set<String> eventTypes() {
    return Set.of(CoreEvents.PROJECT_DELETED, CoreEvents.FEATURE_CHANGED);
  }

  @Override
  public void onEvent(PluginSession session, DomainEvent event) {
    if (CoreEvents.PROJECT_DELETED.equals(event.type())) {
      session.data().inTransaction(em -> deleteBoard(em, event.subjectId()));
    } else if (CoreEvents.FEATURE_CHANGED.equals(event.type())
        && context.pluginId().equals(event.subjectId())
        && Boolean.parseBoolean(event.attributes().get("enabled"))) {
      sweep(session);
    }
  }

  /** Deletes the boards whose project no longer exists. */
  private void sweep(PluginSession session) {
    List<String> projectIds =
        session
            .data()
            .read(
                em ->
                    em.createQuery("SELECT DISTINCT c.projectId FROM KanbanColumn c", String.class)
                        .getResultList());
    for (String projectId : projectIds) {
      if (session.workspace().project(projectId).isEmpty()) {
        session.data().inTransaction(em -> deleteBoard(em, projectId));
        context.logger().info("Removed the board of deleted project " + projectId);
      }
    }
  }

  /** Deletes a project's comments, tasks and columns; returns how many rows went. */
  static int deleteBoard(EntityManager em, String projectId) {
    return em.createQuery(
                "DELETE FROM KanbanComment c WHERE c.taskId IN"
                    + " (SELECT t.id FROM KanbanTask t WHERE t.projectId = :p)")
            .setParameter("p", projectId)
            .executeUpdate()
        + em.createQuery("DELETE FROM KanbanTask t WHERE t.projectId = :p")
            .setParameter("p", projectId)
            .executeUpdate()
        + em.createQuery("DELETE FROM KanbanColumn c WHERE c.projectId = :p")
            .setParameter("p", projectId)
            .executeUpdate();
  }
}
