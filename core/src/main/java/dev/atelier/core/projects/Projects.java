package dev.atelier.core.projects;

import dev.atelier.core.audit.Audit;
import dev.atelier.core.automations.Automations;
import dev.atelier.core.chat.ChatTurns;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.persistence.Like;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.ProjectsResource.ProjectView;
import dev.atelier.core.runs.Runs;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/** Finds and deletes projects, for the projects API and the rest of the core. */
@ApplicationScoped
public class Projects {

  @Inject Transactions tx;
  @Inject Runs runs;
  @Inject Audit audit;
  @Inject Outbox events;
  @Inject ProjectFiles files;

  /**
   * Deletes project {@code idOrSlug} of {@code tenantId} and what belongs to it: its runs that have
   * not finished are cancelled first, then the project, its secrets, chats, runs (steps and events
   * with them) and automations go in one transaction, its files after it commits. 404 when there is
   * no such project.
   */
  public void delete(String tenantId, String idOrSlug) {
    runs.cancelAllOf(tenantId, idOf(tenantId, idOrSlug));
    tx.inTenantDo(
        tenantId,
        em -> {
          Project p = ProjectsResource.find(em, idOrSlug);
          String projectId = p.id();
          em.createQuery("DELETE FROM ProjectSecret s WHERE s.projectId = :p")
              .setParameter("p", projectId)
              .executeUpdate();
          Automations.deleteAllOf(em, projectId);
          Runs.deleteAllOf(em, projectId);
          ChatTurns.deleteAllOf(em, projectId);
          em.remove(p);
          audit.record(em, "project.deleted", "project", projectId, p.slug());
          events.publish(CoreEvents.PROJECT_DELETED, tenantId, projectId, Map.of("slug", p.slug()));
          Transactions.afterCommit(() -> files.deleteAll(tenantId, projectId));
        });
  }

  /**
   * The project with this id or slug in {@code tenantId}, if there is one (none for an empty or
   * over-long reference).
   */
  public Optional<Project> find(String tenantId, String idOrSlug) {
    if (idOrSlug == null || idOrSlug.isBlank() || idOrSlug.length() > 64) {
      return Optional.empty();
    }
    return tx.readInTenant(
        tenantId,
        em -> {
          Project p = idOrSlug.length() == 36 ? em.find(Project.class, idOrSlug) : null;
          if (p == null) {
            p =
                em.createQuery("SELECT p FROM Project p WHERE p.slug = :s", Project.class)
                    .setParameter("s", idOrSlug)
                    .getResultStream()
                    .findFirst()
                    .orElse(null);
          }
          return Optional.ofNullable(p);
        });
  }

  /** The id of the project with this id or slug in {@code tenantId}; 404 when there is none. */
  public String idOf(String tenantId, String idOrSlug) {
    return tx.readInTenant(tenantId, em -> ProjectsResource.find(em, idOrSlug).id());
  }

  /**
   * The projects of {@code tenantId}, newest first; {@code q} (at most 200 characters, else 422)
   * searches name, slug and description.
   */
  public Page<ProjectView> list(String tenantId, String q, PageRequest page) {
    Check.start().optionalText("q", q, 200).done();
    String where =
        q == null || q.isBlank()
            ? ""
            : " WHERE LOWER(p.name) LIKE :q ESCAPE '\\' OR LOWER(p.slug) LIKE :q ESCAPE '\\'"
                + " OR LOWER(p.description) LIKE :q ESCAPE '\\'";
    return tx.readInTenant(
        tenantId,
        em -> {
          var items =
              em.createQuery(
                  "SELECT p FROM Project p" + where + " ORDER BY p.createdAt DESC, p.id",
                  Project.class);
          var count = em.createQuery("SELECT COUNT(p) FROM Project p" + where, Long.class);
          if (!where.isEmpty()) {
            String like = Like.contains(q);
            items.setParameter("q", like);
            count.setParameter("q", like);
          }
          return page.page(
              items
                  .setHint(Transactions.READ_ONLY, true)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList()
                  .stream()
                  .map(ProjectView::of)
                  .toList(),
              count.getSingleResult());
        });
  }
}
