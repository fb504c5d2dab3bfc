package dev.atelier.core.runs;

import dev.atelier.core.security.Caller;
import dev.atelier.core.security.RateLimitGroup;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs of the current workspace: start, list, read, cancel, approve or deny tool calls. */
@Path("api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Runs", description = "Agent runs: start, follow, approve, cancel, and their usage")
public class RunsResource {

  @Inject Caller caller;
  @Inject Runs runs;
  @Inject RunStreams streams;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @RateLimitGroup("runs")
  @Operation(
      operationId = "startRun",
      summary = "Start a run of an agent on a message; answers at once with its id")
  @APIResponse(
      responseCode = "202",
      description = "Queued; follow it at Location",
      headers = @Header(name = "Location", description = "The run's URL"),
      content = @Content(schema = @Schema(implementation = RunStarted.class)))
  @APIResponse(
      responseCode = "402",
      description =
          "insufficient_credits: the workspace has no credits left and its plan allows no"
              + " overage; plan_limit_reached: it started as many runs today as its plan allows")
  public Response start(StartRun body) {
    Run run = runs.start(caller.tenantId(), caller.userId(), "api", body);
    return Response.accepted(new RunStarted(run.id(), run.status().wire()))
        .location(URI.create("/api/v1/runs/" + run.id()))
        .build();
  }

  @GET
  @Operation(
      summary =
          "Runs of the workspace, newest first; filter by status, agent, trigger (api, chat,"
              + " automation), automation, or before a run")
  public Page<RunView> list(
      @Parameter(
              description = "Only runs in this status",
              schema =
                  @Schema(enumeration = {"queued", "running", "succeeded", "failed", "cancelled"}))
          @QueryParam("status")
          String status,
      @Parameter(description = "Only runs of this agent (its name)") @QueryParam("agent")
          String agent,
      @Parameter(
              description = "Only runs started this way",
              schema = @Schema(enumeration = {"api", "chat", "automation", "agent_change"}))
          @QueryParam("trigger")
          String trigger,
      @Parameter(
              description = "Only runs started by this automation",
              schema = @Schema(format = "uuid"))
          @QueryParam("automation_id")
          String automationId,
      @Parameter(
              description = "Only runs created before the run of this id",
              schema = @Schema(format = "uuid"))
          @QueryParam("before")
          String before,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return runs.list(
        caller.tenantId(),
        new RunFilter(status, agent, trigger, automationId, before),
        PageRequest.of(limit, offset));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "A run with its steps, tokens and cost")
  public RunView get(@PathParam("id") String id) {
    return runs.view(caller.tenantId(), id);
  }

  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      operationId = "streamRunEvents",
      summary =
          "The run's events as server-sent events: replayed from the start (or after"
              + " Last-Event-ID), then live until the run finishes")
  @APIResponse(
      responseCode = "400",
      description = "Last-Event-ID is not an event number (invalid_last_event_id)")
  public void events(
      @PathParam("id") String id,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    String tenantId = caller.tenantId();
    runs.requireExists(tenantId, id);
    long after = 0;
    if (lastEventId != null && !lastEventId.isBlank()) {
      try {
        after = Long.parseLong(lastEventId.trim());
      } catch (NumberFormatException e) {
        throw ProblemException.badRequest(
            "invalid_last_event_id", "Last-Event-ID must be the number of an event of this run.");
      }
    }
    streams.stream(tenantId, id, after, EventSink.sse(sink, sse));
  }

  @POST
  @Path("{id}/cancel")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Cancel a run; a running one stops within its current step")
  @APIResponse(responseCode = "409", description = "run_finished: the run has already finished")
  public RunView cancel(@PathParam("id") String id) {
    runs.cancel(caller.tenantId(), id);
    return get(id);
  }

  @POST
  @Path("{id}/approval")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "decideApproval",
      summary =
          "Approve or deny the tool calls a run waits for (one by tool_call_id, or all);"
              + " the run goes on")
  @APIResponse(
      responseCode = "409",
      description = "run_not_awaiting_approval: the run is not waiting for an approval")
  public RunView decide(@PathParam("id") String id, Decide body) {
    Check.body(body)
        .required("approved", body.approved())
        .optionalText("tool_call_id", body.toolCallId(), 128)
        .optionalText("reason", body.reason(), 1000)
        .done();
    runs.decide(
        caller.tenantId(), id, caller.userId(), body.approved(), body.toolCallId(), body.reason());
    return get(id);
  }
}
