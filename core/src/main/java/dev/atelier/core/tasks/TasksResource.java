package dev.atelier.core.tasks;

import dev.atelier.core.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Background tasks of the current workspace. */
@Path("api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Tasks",
    description =
        "Durable background tasks (git clone, push and pull): their status, progress, result or"
            + " error")
public class TasksResource {

  @Inject Caller caller;
  @Inject Tasks tasks;

  @GET
  @Path("{task_id}")
  @Operation(
      summary = "A background task: its status, progress, result or error",
      description = "Any member of the workspace may read its tasks.")
  public TaskView get(@PathParam("task_id") String taskId) {
    return tasks.get(caller.tenantId(), taskId);
  }
}
