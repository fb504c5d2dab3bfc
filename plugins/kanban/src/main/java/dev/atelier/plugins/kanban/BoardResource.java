package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's board as a whole. */
@Path("api/v1/kanban/{project_id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Kanban",
    description = "A kanban board per project: columns, tasks and comments (plugin kanban)")
public class BoardResource {

  private final PluginContext context;

  public BoardResource(PluginContext context) {
    this.context = context;
  }

  @GET
  @Operation(
      operationId = "getBoard",
      summary =
          "A project's board (project by id or slug): its columns by position, each with its task"
              + " count and its first 200 tasks by position")
  public BoardView board(@PathParam("project_id") String projectId) {
    PluginSession session = context.session();
    ProjectRef project = Boards.project(session, projectId);
    return session.data().read(em -> Boards.board(em, project.id()));
  }
}
