package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The comments on a task: list, add, delete. */
@Path("api/v1/kanban/{project_id}/tasks/{task_id}/comments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Kanban")
public class CommentsResource {

  static final int BODY_MAX = 10_000;

  private final PluginContext context;

  public CommentsResource(PluginContext context) {
    this.context = context;
  }

  /** A new comment by the caller. */
  public record CreateComment(String body) {}

  @GET
  @Operation(summary = "A task's comments, oldest first")
  public Page<CommentView> list(
      @PathParam("project_id") String projectId,
      @PathParam("task_id") String taskId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session
        .data()
        .read(
            em -> {
              KanbanTask task = Boards.task(em, project.id(), taskId);
              var items =
                  em
                      .createQuery(
                          "SELECT c FROM KanbanComment c WHERE c.taskId = :t"
                              + " ORDER BY c.createdAt, c.id",
                          KanbanComment.class)
                      .setParameter("t", task.id())
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(CommentView::of)
                      .toList();
              long total =
                  em.createQuery(
                          "SELECT COUNT(c) FROM KanbanComment c WHERE c.taskId = :t", Long.class)
                      .setParameter("t", task.id())
                      .getSingleResult();
              return page.page(items, total);
            });
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Comment on a task, as the caller")
  @APIResponse(
      responseCode = "201",
      description = "The new comment",
      content = @Content(schema = @Schema(implementation = CommentView.class)))
  public Response create(
      @PathParam("project_id") String projectId,
      @PathParam("task_id") String taskId,
      CreateComment body) {
    return Response.status(201).entity(add(projectId, taskId, body)).build();
  }

  /** What {@link #create} does, answering the new comment. */
  private CommentView add(String projectId, String taskId, CreateComment body) {
    Check.body(body).text("body", body.body(), BODY_MAX).done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    String author = Boards.caller(session).userId();
    return session
        .data()
        .inTransaction(
            em -> {
              KanbanTask task = Boards.task(em, project.id(), taskId);
              KanbanComment c = new KanbanComment(task.id(), author, body.body());
              em.persist(c);
              return CommentView.of(c);
            });
  }

  @DELETE
  @Path("{comment_id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete a comment: its author's own, or any as an admin")
  public void delete(
      @PathParam("project_id") String projectId,
      @PathParam("task_id") String taskId,
      @PathParam("comment_id") String commentId) {
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    CallerInfo caller = Boards.caller(session);
    session
        .data()
        .inTransaction(
            em -> {
              KanbanTask task = Boards.task(em, project.id(), taskId);
              KanbanComment c = em.find(KanbanComment.class, commentId);
              if (c == null || !c.taskId().equals(task.id())) {
                throw ProblemException.notFound("The comment");
              }
              if (!caller.userId().equals(c.authorId()) && !caller.role().atLeast(Role.ADMIN)) {
                throw ProblemException.forbidden(
                    "Only the comment's author or an admin can delete it.");
              }
              em.remove(c);
              return null;
            });
  }
}
