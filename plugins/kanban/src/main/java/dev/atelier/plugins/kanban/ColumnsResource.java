package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The columns of a project's board: create, rename, limit, reorder, delete. */
@Path("api/v1/kanban/{project_id}/columns")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Kanban")
public class ColumnsResource {

  static final int NAME_MAX = 100;
  static final int WIP_LIMIT_MAX = 1000;

  private final PluginContext context;

  public ColumnsResource(PluginContext context) {
    this.context = context;
  }

  /**
   * A new column.
   *
   * @param wipLimit the most tasks it takes; absent or 0 for no limit
   * @param position where it goes on the board (0 first); absent or beyond the end: last
   */
  public record CreateColumn(String name, Integer wipLimit, Integer position) {}

  /**
   * Changes to a column; absent fields are left alone.
   *
   * @param wipLimit the most tasks it takes; 0 removes the limit
   */
  public record UpdateColumn(String name, Integer wipLimit) {}

  /** The new order of the board: every column id of the board, each once. */
  public record ColumnOrder(List<String> columnIds) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Add a column to a project's board, last unless a position is given")
  @APIResponse(
      responseCode = "201",
      description = "The new column",
      content = @Content(schema = @Schema(implementation = ColumnView.class)))
  @APIResponse(
      responseCode = "409",
      description = "column_limit_reached: the board has as many columns as it may")
  public Response create(@PathParam("project_id") String projectId, CreateColumn body) {
    return Response.status(201).entity(add(projectId, body)).build();
  }

  /** What {@link #create} does, answering the new column. */
  private ColumnView add(String projectId, CreateColumn body) {
    Check.body(body)
        .text("name", body.name(), NAME_MAX)
        .that(validLimit(body.wipLimit()), "wip_limit", limitMessage())
        .that(body.position() == null || body.position() >= 0, "position", "must be 0 or more")
        .done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session
        .data()
        .inTransaction(
            em -> {
              List<KanbanColumn> columns = Boards.columns(em, project.id());
              if (columns.size() >= Boards.MAX_COLUMNS) {
                throw ProblemException.conflict(
                    "column_limit_reached",
                    "A board has at most " + Boards.MAX_COLUMNS + " columns.");
              }
              int at = Boards.place(body.position(), columns.size());
              KanbanColumn c =
                  new KanbanColumn(project.id(), body.name().trim(), at, limit(body.wipLimit()));
              em.persist(c);
              columns.add(at, c);
              Boards.renumber(columns);
              return ColumnView.of(c, 0);
            });
  }

  @PATCH
  @Path("{column_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Rename a column or change its WIP limit (0 removes the limit)")
  public ColumnView update(
      @PathParam("project_id") String projectId,
      @PathParam("column_id") String columnId,
      UpdateColumn body) {
    Check check = Check.body(body).that(validLimit(body.wipLimit()), "wip_limit", limitMessage());
    if (body.name() != null) {
      check.text("name", body.name(), NAME_MAX);
    }
    check.done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session
        .data()
        .inTransaction(
            em -> {
              KanbanColumn c = Boards.column(em, project.id(), columnId);
              if (body.name() != null) {
                c.rename(body.name().trim());
              }
              if (body.wipLimit() != null) {
                c.limit(limit(body.wipLimit()));
              }
              return ColumnView.of(c, Boards.taskCount(em, c.id()));
            });
  }

  @DELETE
  @Path("{column_id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary =
          "Delete a column; one that holds tasks is refused (409 column_not_empty) unless"
              + " move_tasks_to names the column to move them to (appended in their order)")
  @APIResponse(
      responseCode = "409",
      description =
          "column_not_empty or wip_limit_reached: the column has tasks and no move_tasks_to, or that column is full")
  @APIResponse(
      responseCode = "422",
      description = "move_tasks_to is not another column of the board (validation_error)")
  public void delete(
      @PathParam("project_id") String projectId,
      @PathParam("column_id") String columnId,
      @Parameter(
              description =
                  "The column that takes the deleted column's tasks (required when it has any)",
              schema = @Schema(format = "uuid"))
          @QueryParam("move_tasks_to")
          String moveTasksTo) {
    String target = moveTasksTo == null || moveTasksTo.isBlank() ? null : moveTasksTo;
    Check.start()
        .that(
            target == null || !target.equals(columnId),
            "move_tasks_to",
            "must be another column than the one deleted")
        .done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    session
        .data()
        .inTransaction(
            em -> {
              Map<String, KanbanColumn> locked =
                  target == null
                      ? Boards.lockColumns(em, project.id(), columnId)
                      : Boards.lockColumns(em, project.id(), columnId, target);
              List<KanbanTask> tasks = Boards.tasks(em, columnId);
              if (!tasks.isEmpty()) {
                if (target == null) {
                  throw ProblemException.conflict(
                      "column_not_empty",
                      "The column holds "
                          + tasks.size()
                          + " tasks: move or delete them first, or give move_tasks_to.");
                }
                KanbanColumn into = locked.get(target);
                List<KanbanTask> there = Boards.tasks(em, target);
                Boards.requireRoom(into, there.size(), tasks.size());
                for (KanbanTask t : tasks) {
                  t.moveTo(target, there.size());
                  there.add(t);
                }
                Boards.renumber(there);
              }
              em.remove(locked.get(columnId));
              List<KanbanColumn> rest = Boards.columns(em, project.id());
              rest.removeIf(c -> c.id().equals(columnId));
              Boards.renumber(rest);
              return null;
            });
  }

  @PUT
  @Path("order")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "reorderColumns",
      summary = "Reorder a board's columns: column_ids lists every column once; the board")
  public BoardView reorder(@PathParam("project_id") String projectId, ColumnOrder body) {
    Check.body(body).required("column_ids", body.columnIds()).done();
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session
        .data()
        .inTransaction(
            em -> {
              List<KanbanColumn> columns = Boards.columns(em, project.id());
              Map<String, KanbanColumn> byId =
                  columns.stream().collect(Collectors.toMap(KanbanColumn::id, c -> c));
              Set<String> given = new HashSet<>(body.columnIds());
              Check.start()
                  .that(
                      given.size() == body.columnIds().size()
                          && given.size() == byId.size()
                          && byId.keySet().equals(given),
                      "column_ids",
                      "must list each of the board's " + byId.size() + " columns exactly once")
                  .done();
              Boards.renumber(body.columnIds().stream().map(byId::get).toList());
              em.flush();
              return Boards.board(em, project.id());
            });
  }

  private static boolean validLimit(Integer wipLimit) {
    return wipLimit == null || (wipLimit >= 0 && wipLimit <= WIP_LIMIT_MAX);
  }

  private static String limitMessage() {
    return "must be between 1 and " + WIP_LIMIT_MAX + ", or 0 for no limit";
  }

  /** The stored limit: null for none. */
  private static Integer limit(Integer wipLimit) {
    return wipLimit == null || wipLimit == 0 ? null : wipLimit;
  }
}
