package dev.atelier.core.projects;

import dev.atelier.core.persistence.Like;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.ProjectsResource.ProjectView;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Finds projects for the rest of the core, the same way the projects API does. */
@ApplicationScoped
public class Projects {

  @Inject Transactions tx;

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
