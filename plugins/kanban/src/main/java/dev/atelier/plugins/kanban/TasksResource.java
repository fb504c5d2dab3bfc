package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.data.Like;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tasks of a project's board: list and search, create, change, move between columns. */
@Path("api/v1/kanban/{project_id}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Kanban")
public class TasksResource {

  static final int TITLE_MAX = 200;
  static final int DESCRIPTION_MAX = 10_000;
  private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

  private final PluginContext context;

  public TasksResource(PluginContext context) {
    this.context = context;
  }

  /**
   * A new task, added at the end of its column.
   *
   * @param dueDate {@code YYYY-MM-DD}
   * @param priority {@code low}, {@code medium} (the default), {@code high} or {@code urgent}
   */
  public record CreateTask(
      String columnId,
      String title,
      String description,
      String assigneeId,
      String dueDate,
      String priority) {}

  /**
   * Changes to a task; absent fields are left alone, and an empty string clears {@code
   * description}, {@code assignee_id} and {@code due_date}.
   */
  public record UpdateTask(
      String title, String description, String assigneeId, String dueDate, String priority) {}

  /**
   * Where a task goes.
   *
   * @param position its place in the column (0 first); absent or beyond the end: last
   */
  public record MoveTask(String columnId, Integer position) {}

  @GET
  @Operation(
      summary =
          "List a board's tasks, newest first (by position when column_id is given); filter by"
              + " column_id and assignee_id, q searches title and description")
  @APIResponse(responseCode = "422", description = "Invalid filter or paging (validation_error)")
  public Page<TaskView> list(
      @PathParam("project_id") String projectId,
      @Parameter(description = "Only tasks in this column", schema = @Schema(format = "uuid"))
          @QueryParam("column_id")
          String columnId,
      @Parameter(
              description = "Only tasks assigned to this user",
              schema = @Schema(format = "uuid"))
          @QueryParam("assignee_id")
          String assigneeId,
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    Check.start().optionalText("q", q, 200).done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    StringBuilder where = new StringBuilder(" WHERE t.projectId = :p");
    Map<String, Object> params = new HashMap<>();
    params.put("p", project.id());
    if (present(columnId)) {
      where.append(" AND t.columnId = :c");
      params.put("c", columnId);
    }
    if (present(assigneeId)) {
      where.append(" AND t.assigneeId = :a");
      params.put("a", assigneeId);
    }
    if (present(q)) {
      where.append(
          " AND (LOWER(t.title) LIKE :q ESCAPE '\\' OR LOWER(t.description) LIKE :q ESCAPE '\\')");
      params.put("q", Like.contains(q));
    }
    String order =
        present(columnId)
            ? " ORDER BY t.position, t.createdAt, t.id"
            : " ORDER BY t.createdAt DESC, t.id";
    return session
        .data()
        .read(
            em -> {
              TypedQuery<KanbanTask> items =
                  em.createQuery("SELECT t FROM KanbanTask t" + where + order, KanbanTask.class);
              TypedQuery<Long> count =
                  em.createQuery("SELECT COUNT(t) FROM KanbanTask t" + where, Long.class);
              params.forEach(
                  (name, value) -> {
                    items.setParameter(name, value);
                    count.setParameter(name, value);
                  });
              List<TaskView> found =
                  items
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(TaskView::of)
                      .toList();
              return page.page(found, count.getSingleResult());
            });
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary = "Add a task at the end of a column; 409 wip_limit_reached when the column is full")
  @APIResponse(
      responseCode = "201",
      description = "The new task",
      content = @Content(schema = @Schema(implementation = TaskView.class)))
  @APIResponse(
      responseCode = "409",
      description = "wip_limit_reached: the column is at its work-in-progress limit")
  public Response create(@PathParam("project_id") String projectId, CreateTask body) {
    return Response.status(201).entity(add(projectId, body)).build();
  }

  /** What {@link #create} does, answering the new task. */
  private TaskView add(String projectId, CreateTask body) {
    PluginSession session = context.session();
    Check check =
        Check.body(body)
            .required("column_id", body.columnId())
            .text("title", body.title(), TITLE_MAX);
    checkDetails(
        check, session, body.description(), body.assigneeId(), body.dueDate(), body.priority());
    check.done();
    ProjectRef project = Boards.project(session, projectId);
    String by = Boards.caller(session).userId();
    return session
        .data()
        .inTransaction(
            em -> {
              KanbanColumn column =
                  Boards.lockColumns(em, project.id(), body.columnId()).get(body.columnId());
              long holding = Boards.taskCount(em, column.id());
              Boards.requireRoom(column, holding, 1);
              KanbanTask t =
                  new KanbanTask(
                      project.id(),
                      column.id(),
                      (int) holding,
                      body.title().trim(),
                      emptyToNull(body.description()),
                      emptyToNull(body.assigneeId()),
                      date(emptyToNull(body.dueDate())),
                      body.priority(),
                      by);
              em.persist(t);
              return TaskView.of(t);
            });
  }

  @GET
  @Path("{task_id}")
  @Operation(summary = "A task of the board")
  public TaskView get(
      @PathParam("project_id") String projectId, @PathParam("task_id") String taskId) {
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session.data().read(em -> TaskView.of(Boards.task(em, project.id(), taskId)));
  }

  @PATCH
  @Path("{task_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary =
          "Change a task's title, description, assignee, due date or priority; an empty string"
              + " clears description, assignee_id and due_date")
  public TaskView update(
      @PathParam("project_id") String projectId,
      @PathParam("task_id") String taskId,
      UpdateTask body) {
    PluginSession session = context.session();
    Check check = Check.body(body);
    if (body.title() != null) {
      check.text("title", body.title(), TITLE_MAX);
    }
    checkDetails(
        check, session, body.description(), body.assigneeId(), body.dueDate(), body.priority());
    check.done();
    ProjectRef project = Boards.project(session, projectId);
    return session
        .data()
        .inTransaction(
            em -> {
              KanbanTask t = Boards.task(em, project.id(), taskId);
              if (body.title() != null) {
                t.retitle(body.title().trim());
              }
              if (body.description() != null) {
                t.describe(emptyToNull(body.description()));
              }
              if (body.assigneeId() != null) {
                t.assign(emptyToNull(body.assigneeId()));
              }
              if (body.dueDate() != null) {
                t.due(date(emptyToNull(body.dueDate())));
              }
              if (body.priority() != null) {
                t.prioritise(body.priority());
              }
              return TaskView.of(t);
            });
  }

  @DELETE
  @Path("{task_id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete a task and its comments")
  public void delete(
      @PathParam("project_id") String projectId, @PathParam("task_id") String taskId) {
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    session
        .data()
        .inTransaction(
            em -> {
              KanbanTask t = Boards.lockTask(em, project.id(), taskId).task();
              em.createQuery("DELETE FROM KanbanComment c WHERE c.taskId = :t")
                  .setParameter("t", t.id())
                  .executeUpdate();
              em.remove(t);
              List<KanbanTask> rest = Boards.tasks(em, t.columnId());
              rest.removeIf(other -> other.id().equals(t.id()));
              Boards.renumber(rest);
              return null;
            });
  }

  @POST
  @Path("{task_id}/move")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "moveTask",
      summary =
          "Move a task to a position in a column (the same or another); both columns are"
              + " renumbered; 409 wip_limit_reached when another column is full")
  @APIResponse(
      responseCode = "409",
      description =
          "wip_limit_reached or conflict: the target column is full, or the task is being moved concurrently")
  public TaskView move(
      @PathParam("project_id") String projectId,
      @PathParam("task_id") String taskId,
      MoveTask body) {
    Check.body(body)
        .required("column_id", body.columnId())
        .that(body.position() == null || body.position() >= 0, "position", "must be 0 or more")
        .done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session
        .data()
        .inTransaction(
            em -> {
              Boards.LockedTask locked = Boards.lockTask(em, project.id(), taskId, body.columnId());
              KanbanTask task = locked.task();
              KanbanColumn target = locked.columns().get(body.columnId());
              List<KanbanTask> there = Boards.tasks(em, target.id());
              there.removeIf(t -> t.id().equals(task.id()));
              if (!task.columnId().equals(target.id())) {
                Boards.requireRoom(target, there.size(), 1);
                List<KanbanTask> left = Boards.tasks(em, task.columnId());
                left.removeIf(t -> t.id().equals(task.id()));
                Boards.renumber(left);
              }
              int at = Boards.place(body.position(), there.size());
              task.moveTo(target.id(), at);
              there.add(at, task);
              Boards.renumber(there);
              return TaskView.of(task);
            });
  }

  /** Checks the optional fields that create and update share. */
  private static void checkDetails(
      Check check,
      PluginSession session,
      String description,
      String assigneeId,
      String dueDate,
      String priority) {
    check.optionalText("description", description, DESCRIPTION_MAX);
    if (assigneeId != null && !assigneeId.isEmpty()) {
      check.that(
          assigneeId.length() <= 36 && session.workspace().member(assigneeId).isPresent(),
          "assignee_id",
          "must be the user id of a member of the workspace");
    }
    if (dueDate != null && !dueDate.isEmpty()) {
      check.that(date(dueDate) != null, "due_date", "must be a date as YYYY-MM-DD");
    }
    check.that(
        priority == null || KanbanTask.PRIORITIES.contains(priority),
        "priority",
        "must be one of " + String.join(", ", KanbanTask.PRIORITIES));
  }

  /** The date {@code YYYY-MM-DD}, or null when absent or not a valid date. */
  private static LocalDate date(String value) {
    if (value == null || !DATE.matcher(value).matches()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
