package dev.atelier.core.projects;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.Slugs;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.MasterKey;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.persistence.exceptions.EclipseLinkException;

/** Projects of the current workspace, addressed by id or slug, and their secrets. */
@Path("api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Projects")
public class ProjectsResource {

  private static final Pattern SECRET_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
  private static final int SECRET_MAX = 8192;

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject MasterKey masterKey;
  @Inject Audit audit;
  @Inject Outbox events;
  @Inject ProjectFiles files;
  @Inject Projects projects;

  public record ProjectView(
      String id,
      String name,
      String slug,
      String description,
      String createdBy,
      Instant createdAt,
      Instant updatedAt) {
    static ProjectView of(Project p) {
      return new ProjectView(
          p.id(), p.name(), p.slug(), p.description(), p.createdBy(), p.createdAt(), p.updatedAt());
    }
  }

  public record CreateProject(String name, String slug, String description) {}

  public record UpdateProject(String name, String slug, String description) {}

  public record SecretView(String name, Instant createdAt, Instant updatedAt) {}

  public record PutSecret(String value) {}

  @GET
  @Operation(summary = "List projects, newest first; q searches name, slug and description")
  public Page<ProjectView> list(
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return projects.list(caller.tenantId(), q, PageRequest.of(limit, offset));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Create a project; the slug is derived from the name when absent")
  public Response create(CreateProject body) {
    Check.body(body)
        .text("name", body.name(), 200)
        .slug("slug", body.slug())
        .optionalText("description", body.description(), 4000)
        .done();
    // A concurrent create may take the slug between the check and the commit: an explicit slug
    // is then taken (409), a derived one is derived again.
    ProjectView created =
        retryOnUniqueViolation(
            body.slug() != null ? 1 : 10,
            () -> slugTakenError(body.slug()),
            () ->
                tx.inTenant(
                    caller.tenantId(),
                    em -> {
                      String slug = body.slug() != null ? body.slug() : freeSlug(em, body.name());
                      if (body.slug() != null && slugTaken(em, slug, null)) {
                        throw slugTakenError(slug);
                      }
                      Project p =
                          new Project(
                              body.name().trim(), slug, body.description(), caller.userId());
                      em.persist(p);
                      events.publish(
                          CoreEvents.PROJECT_CREATED,
                          caller.tenantId(),
                          p.id(),
                          Map.of("slug", p.slug()));
                      return ProjectView.of(p);
                    }));
    return Response.status(201).entity(created).build();
  }

  private static ProblemException slugTakenError(String slug) {
    return ApiException.conflict(
        "slug_taken", "A project with the slug '" + slug + "' already exists.");
  }

  /**
   * Runs {@code work}; when it fails on a unique key (a concurrent request won a race), runs it
   * again, up to {@code attempts} times in all, then throws {@code exhausted}.
   */
  private static <T> T retryOnUniqueViolation(
      int attempts, Supplier<? extends RuntimeException> exhausted, Supplier<T> work) {
    for (int i = 1; ; i++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (!uniqueViolation(e)) {
          throw e;
        }
        if (i >= attempts) {
          throw exhausted.get();
        }
      }
    }
  }

  private static boolean uniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; ) {
      if (c instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
      Throwable next =
          c instanceof EclipseLinkException el && el.getInternalException() != null
              ? el.getInternalException()
              : c.getCause();
      if (next == c) {
        break;
      }
      c = next;
    }
    return false;
  }

  private String freeSlug(EntityManager em, String name) {
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

  /** The project with this id or slug in the entity manager's tenant, or 404. */
  static Project find(EntityManager em, String idOrSlug) {
    Project p = idOrSlug.length() == 36 ? em.find(Project.class, idOrSlug) : null;
    if (p == null) {
      p =
          em.createQuery("SELECT p FROM Project p WHERE p.slug = :s", Project.class)
              .setParameter("s", idOrSlug)
              .getResultStream()
              .findFirst()
              .orElseThrow(() -> ApiException.notFound("The project"));
    }
    return p;
  }

  @GET
  @Path("{id}")
  @Operation(summary = "A project, by id or slug")
  public ProjectView get(@PathParam("id") String id) {
    return tx.readInTenant(caller.tenantId(), em -> ProjectView.of(find(em, id)));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Change a project's name, slug or description")
  public ProjectView update(@PathParam("id") String id, UpdateProject body) {
    Check check =
        Check.body(body)
            .slug("slug", body.slug())
            .optionalText("description", body.description(), 4000);
    if (body.name() != null) {
      check.text("name", body.name(), 200);
    }
    check.done();
    return retryOnUniqueViolation(
        1,
        () -> slugTakenError(body.slug()),
        () ->
            tx.inTenant(
                caller.tenantId(),
                em -> {
                  Project p = find(em, id);
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

  @DELETE
  @Path("{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary = "Delete a project with its secrets, files, chats, runs and automations",
      description =
          "Runs in progress are cancelled first; the project's chats, runs (with their steps and"
              + " events) and automations are deleted with it.")
  public Response delete(@PathParam("id") String id) {
    projects.delete(caller.tenantId(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/secrets")
  @Operation(summary = "The names of a project's secrets (never their values), by name")
  public Page<SecretView> secrets(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    return tx.readInTenant(
        caller.tenantId(),
        em -> {
          Project p = find(em, id);
          var items =
              em
                  .createQuery(
                      "SELECT s FROM ProjectSecret s WHERE s.projectId = :p ORDER BY s.name",
                      ProjectSecret.class)
                  .setParameter("p", p.id())
                  .setHint(Transactions.READ_ONLY, true)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList()
                  .stream()
                  .map(s -> new SecretView(s.name(), s.createdAt(), s.updatedAt()))
                  .toList();
          long total =
              em.createQuery(
                      "SELECT COUNT(s) FROM ProjectSecret s WHERE s.projectId = :p", Long.class)
                  .setParameter("p", p.id())
                  .getSingleResult();
          return page.page(items, total);
        });
  }

  @PUT
  @Path("{id}/secrets/{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Set a project secret (encrypted at rest; write-only)")
  public Response putSecret(
      @PathParam("id") String id, @PathParam("key") String key, PutSecret body) {
    Check check = Check.body(body);
    check.that(
        SECRET_NAME.matcher(key).matches(),
        "key",
        "must be 1-128 letters, digits or underscores, not starting with a digit");
    check.required("value", body.value());
    check.that(
        body.value() == null || body.value().length() <= SECRET_MAX,
        "value",
        "must be at most " + SECRET_MAX + " characters");
    check.done();
    String tenantId = caller.tenantId();
    // Two first PUTs of one name race to insert it: the loser runs again and replaces the value.
    boolean created =
        retryOnUniqueViolation(
            2,
            () -> ApiException.conflict("conflict", "The secret is being changed concurrently."),
            () -> storeSecret(tenantId, id, key, body.value()));
    return Response.status(created ? 201 : 204).build();
  }

  private boolean storeSecret(String tenantId, String id, String key, String value) {
    return tx.inTenant(
        tenantId,
        em -> {
          Project p = find(em, id);
          String sealed = masterKey.encrypt(value, context(tenantId, p.id(), key));
          ProjectSecret existing =
              em.createQuery(
                      "SELECT s FROM ProjectSecret s WHERE s.projectId = :p AND s.name = :n",
                      ProjectSecret.class)
                  .setParameter("p", p.id())
                  .setParameter("n", key)
                  .getResultStream()
                  .findFirst()
                  .orElse(null);
          if (existing == null) {
            em.persist(new ProjectSecret(p.id(), key, sealed));
          } else {
            existing.replaceValue(sealed);
          }
          audit.record(
              em, existing == null ? "secret.created" : "secret.updated", "project", p.id(), key);
          return existing == null;
        });
  }

  @DELETE
  @Path("{id}/secrets/{key}")
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Delete a project secret")
  public Response deleteSecret(@PathParam("id") String id, @PathParam("key") String key) {
    tx.inTenantDo(
        caller.tenantId(),
        em -> {
          Project p = find(em, id);
          int removed =
              em.createQuery("DELETE FROM ProjectSecret s WHERE s.projectId = :p AND s.name = :n")
                  .setParameter("p", p.id())
                  .setParameter("n", key)
                  .executeUpdate();
          if (removed == 0) {
            throw ApiException.notFound("The secret");
          }
          audit.record(em, "secret.deleted", "project", p.id(), key);
        });
    return Response.noContent().build();
  }

  /** What a secret's ciphertext is bound to, so it cannot be moved to another project or name. */
  static String context(String tenantId, String projectId, String name) {
    return "secret:" + tenantId + ":" + projectId + ":" + name;
  }
}
