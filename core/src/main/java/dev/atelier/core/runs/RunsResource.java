package dev.atelier.core.runs;

import dev.atelier.core.persistence.Transactions;
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
import jakarta.persistence.EntityManager;
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
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs of the current workspace: start, list, read, cancel, approve or deny tool calls. */
@Path("api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Runs")
public class RunsResource {

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject Runs runs;
  @Inject RunStreams streams;

  public record StartRun(String agent, String message, String projectId) {}

  /** What a list of runs is narrowed to; each filter may be null. */
  public record RunFilter(
      String status, String agent, String trigger, String automationId, String before) {}

  public record RunStarted(String runId, String status) {}

  public record Decide(Boolean approved, String toolCallId, String reason) {}

  public record StepView(
      int seq,
      String kind,
      String name,
      String toolCallId,
      String arguments,
      String result,
      String status,
      long tokensInput,
      long tokensOutput,
      Instant startedAt,
      Instant finishedAt,
      Long durationMs) {
    static StepView of(RunStep s) {
      return new StepView(
          s.seq(),
          s.kind(),
          s.name(),
          s.toolCallId(),
          s.arguments(),
          s.result(),
          s.status(),
          s.tokensInput(),
          s.tokensOutput(),
          s.startedAt(),
          s.finishedAt(),
          s.finishedAt() == null
              ? null
              : s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli());
    }
  }

  public record RunView(
      String id,
      String agent,
      String projectId,
      String trigger,
      String automationId,
      Instant scheduledFor,
      String status,
      String input,
      String output,
      String errorCode,
      String error,
      String model,
      long tokensInput,
      long tokensOutput,
      BigDecimal cost,
      int stepCount,
      int attempts,
      String createdBy,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      List<StepView> steps) {
    static RunView of(Run r, List<StepView> steps) {
      return new RunView(
          r.id(),
          r.agentName(),
          r.projectId(),
          r.trigger(),
          r.automationId(),
          r.scheduledFor(),
          r.status().wire(),
          r.input(),
          r.output(),
          r.errorCode(),
          r.error(),
          r.model(),
          r.tokensInput(),
          r.tokensOutput(),
          r.cost(),
          r.stepCount(),
          r.attempts(),
          r.createdBy(),
          r.createdAt(),
          r.startedAt(),
          r.finishedAt(),
          steps);
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @RateLimitGroup("runs")
  @Operation(summary = "Start a run of an agent on a message; answers at once with its id")
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
      @QueryParam("status") String status,
      @QueryParam("agent") String agent,
      @QueryParam("trigger") String trigger,
      @QueryParam("automation_id") String automationId,
      @QueryParam("before") String before,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return runs.list(
        caller.tenantId(),
        new RunFilter(status, agent, trigger, automationId, before),
        PageRequest.of(limit, offset));
  }

  /** The run with this id in the entity manager's tenant, or 404. */
  static Run find(EntityManager em, String id) {
    Run r = id == null || id.length() != 36 ? null : em.find(Run.class, id);
    if (r == null) {
      throw ProblemException.notFound("The run");
    }
    return r;
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
      summary =
          "The run's events as server-sent events: replayed from the start (or after"
              + " Last-Event-ID), then live until the run finishes")
  public void events(
      @PathParam("id") String id,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    String tenantId = caller.tenantId();
    tx.readInTenant(tenantId, em -> find(em, id));
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
  public RunView cancel(@PathParam("id") String id) {
    runs.cancel(caller.tenantId(), id);
    return get(id);
  }

  @POST
  @Path("{id}/approval")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary =
          "Approve or deny the tool calls a run waits for (one by tool_call_id, or all);"
              + " the run goes on")
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
