package dev.atelier.core.projects;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.Slugs;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.persistence.Like;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.Optional;

/** The projects of a tenant, for the projects API and the rest of the core. */
@ApplicationScoped
public class Projects {

  @Inject Transactions tx;
  @Inject PlanLimits limits;
  @Inject Audit audit;
  @Inject Outbox events;
  @Inject Event<ProjectDeletion.Starting> deletionStarting;
  @Inject Event<ProjectDeletion.Deleting> deleting;

  /** The project with this id or slug in the entity manager's tenant, or 404. */
  public static Project find(EntityManager em, String idOrSlug) {
    return lookup(em, idOrSlug).orElseThrow(() -> ApiException.notFound("The project"));
  }

  /**
   * The project with this id or slug in {@code tenantId}, if there is one (none for an empty or
   * over-long reference).
   */
  public Optional<Project> find(String tenantId, String idOrSlug) {
    if (idOrSlug == null || idOrSlug.isBlank() || idOrSlug.length() > 64) {
      return Optional.empty();
    }
    return tx.readInTenant(tenantId, em -> lookup(em, idOrSlug));
  }

  /** The one lookup by id or slug: an id is 36 characters, anything else is a slug. */
  private static Optional<Project> lookup(EntityManager em, String idOrSlug) {
    Project p = idOrSlug.length() == 36 ? em.find(Project.class, idOrSlug) : null;
    if (p != null) {
      return Optional.of(p);
    }
    return em.createQuery("SELECT p FROM Project p WHERE p.slug = :s", Project.class)
        .setParameter("s", idOrSlug)
        .getResultStream()
        .findFirst();
  }

  /** The project with this id or slug in {@code tenantId}; 404 when there is none. */
  public ProjectView get(String tenantId, String idOrSlug) {
    return tx.readInTenant(tenantId, em -> ProjectView.of(find(em, idOrSlug)));
  }

  /** The id of the project with this id or slug in {@code tenantId}; 404 when there is none. */
  public String idOf(String tenantId, String idOrSlug) {
    return tx.readInTenant(tenantId, em -> find(em, idOrSlug).id());
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
          return Paging.page(items, count, page, ProjectView::of);
        });
  }

  /**
   * Creates a project in {@code tenantId} by {@code userId}; 409 when its explicit slug is taken. A
   * concurrent create may take the slug between the check and the commit: an explicit slug is then
   * taken (409), a derived one is derived again.
   */
  public ProjectView create(String tenantId, String userId, CreateProject body) {
    return Transactions.retryOnUniqueViolation(
        body.slug() != null ? 1 : 10,
        () -> slugTakenError(body.slug()),
        () ->
            tx.inTenant(
                tenantId,
                em -> {
                  String slug = body.slug() != null ? body.slug() : freeSlug(em, body.name());
                  if (body.slug() != null && slugTaken(em, slug, null)) {
                    throw slugTakenError(slug);
                  }
                  limits.admit(
                      em,
                      tenantId,
                      PlanLimits.PROJECTS,
                      () ->
                          em.createQuery("SELECT COUNT(p) FROM Project p", Long.class)
                              .getSingleResult());
                  Project p = new Project(body.name().trim(), slug, body.description(), userId);
                  em.persist(p);
                  events.publish(
                      CoreEvents.PROJECT_CREATED, tenantId, p.id(), Map.of("slug", p.slug()));
                  return ProjectView.of(p);
                }));
  }

  /** Changes the name, slug or description of a project; 409 when the new slug is taken. */
  public ProjectView update(String tenantId, String idOrSlug, UpdateProject body) {
    return Transactions.retryOnUniqueViolation(
        1,
        () -> slugTakenError(body.slug()),
        () ->
            tx.inTenant(
                tenantId,
                em -> {
                  Project p = find(em, idOrSlug);
                  if (body.slug() != null && !body.slug().equals(p.slug())) {
                    if (slugTaken(em, body.slug(), p.id())) {
                      throw slugTakenError(body.slug());
                    }
                    p.changeSlug(body.slug());
                  }
                  if (body.name() != null) {
                    p.rename(body.name().trim());
                  }
                  if (body.description() != null) {
                    p.describe(body.description().isEmpty() ? null : body.description());
                  }
                  return ProjectView.of(p);
                }));
  }

  private static ProblemException slugTakenError(String slug) {
    return ApiException.conflict(
        "slug_taken", "A project with the slug '" + slug + "' already exists.");
  }

  private static String freeSlug(EntityManager em, String name) {
    String base = Slugs.from(name);
    String slug = base;
    for (int i = 2; slugTaken(em, slug, null); i++) {
      slug = base + "-" + i;
    }
    return slug;
  }

  private static boolean slugTaken(EntityManager em, String slug, String exceptId) {
    return em.createQuery(
                "SELECT COUNT(p) FROM Project p WHERE p.slug = :s AND p.id <> :id", Long.class)
            .setParameter("s", slug)
            .setParameter("id", exceptId == null ? "" : exceptId)
            .getSingleResult()
        > 0;
  }

  /**
   * Deletes project {@code idOrSlug} of {@code tenantId} and what belongs to it: its runs that have
   * not finished are cancelled first, then the project, its secrets, chats, runs (steps and events
   * with them) and automations go in one transaction, its files after it commits. 404 when there is
   * no such project.
   */
  public void delete(String tenantId, String idOrSlug) {
    deletionStarting.fire(new ProjectDeletion.Starting(tenantId, idOf(tenantId, idOrSlug)));
    tx.inTenantDo(
        tenantId,
        em -> {
          Project p = find(em, idOrSlug);
          String projectId = p.id();
          em.createQuery("DELETE FROM ProjectSecret s WHERE s.projectId = :p")
              .setParameter("p", projectId)
              .executeUpdate();
          deleting.fire(new ProjectDeletion.Deleting(tenantId, projectId, em));
          em.remove(p);
          audit.record(em, "project.deleted", "project", projectId, p.slug());
          events.publish(CoreEvents.PROJECT_DELETED, tenantId, projectId, Map.of("slug", p.slug()));
        });
  }
}
