package dev.atelier.core.agentchanges;

import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Changes of the projects' repositories handed to agents, in the current workspace. */
@Path("api/v1/agent-changes")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Agent changes",
    description =
        "A request handed to an agent that works on a branch of the project's repository; its"
            + " work is committed, pushed with the caller's connection and opened as a pull"
            + " request")
public class AgentChangesResource {

  @Inject Caller caller;
  @Inject AgentChanges changes;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "createAgentChange",
      summary = "Hand a change of a project's repository to an agent (a background task)",
      description =
          "The agent works on a new branch of the base branch (pull_request) or on the base"
              + " branch (direct); when its run succeeds its work is committed as the caller,"
              + " pushed with the caller's connection to the provider and a pull request is"
              + " opened. Follow the change or its task; the run may wait for approvals.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted",
      headers = @Header(name = "Location", description = "The agent change"),
      content = @Content(schema = @Schema(implementation = AgentChangeAccepted.class)))
  @APIResponse(
      responseCode = "404",
      description =
          "not_found: no such project or provider; repository_not_found: the project's files"
              + " are not a repository")
  @APIResponse(
      responseCode = "409",
      description =
          "git_task_in_progress, git_not_connected, remote_not_found (no origin), no_commits (a"
              + " pull request into an empty repository)")
  @APIResponse(
      responseCode = "402",
      description = "insufficient_credits or plan_limit_reached: no more runs may start")
  public Response create(CreateAgentChange body) {
    AgentChangeAccepted a = changes.create(caller.tenantId(), caller.userId(), body);
    return Response.accepted(a).location(URI.create("/api/v1/agent-changes/" + a.id())).build();
  }

  @GET
  @Operation(
      operationId = "listAgentChanges",
      summary = "Agent changes of the workspace, newest first; of one project or in one status")
  @APIResponse(responseCode = "404", description = "not_found: no such project in the workspace")
  public Page<AgentChangeView> list(
      @Parameter(description = "Only changes of this project (id or slug)")
          @QueryParam("project_id")
          String projectId,
      @Parameter(
              description = "Only changes in this status",
              schema =
                  @Schema(enumeration = {"queued", "running", "publishing", "succeeded", "failed"}))
          @QueryParam("status")
          String status,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return changes.list(caller.tenantId(), projectId, status, PageRequest.of(limit, offset));
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getAgentChange",
      summary = "An agent change: its status, run, commit and pull request")
  @APIResponse(responseCode = "404", description = "not_found: no such change in the workspace")
  public AgentChangeView get(@PathParam("id") String id) {
    return changes.get(caller.tenantId(), id);
  }
}
