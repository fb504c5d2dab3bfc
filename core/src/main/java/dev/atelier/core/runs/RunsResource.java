package dev.atelier.core.runs;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.PluginHost;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.RateLimitGroup;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs of the current workspace: start, list, read, cancel, approve or deny tool calls. */
@Path("api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Runs")
public class RunsResource {

  static final int MESSAGE_MAX = 100_000;

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject Agents agents;
  @Inject RunQueue queue;
  @Inject Runs runs;
  @Inject PluginHost plugins;
  @Inject RunEvents events;
  @Inject RunStreams streams;

  public record StartRun(String agent, String message, String projectId) {}

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
    Check.body(body)
        .text("agent", body.agent(), 64)
        .text("message", body.message(), MESSAGE_MAX)
        .optionalText("project_id", body.projectId(), 64)
        .done();
    String tenantId = caller.tenantId();
    if (agents.find(tenantId, body.agent()).isEmpty()) {
      throw ProblemException.validation("agent", "no agent with this name in the workspace");
    }
    String projectId = null;
    if (body.projectId() != null) {
      projectId =
          plugins
              .workspace(tenantId)
              .project(body.projectId())
              .map(ProjectRef::id)
              .orElseThrow(
                  () ->
                      ProblemException.validation(
                          "project_id", "no project with this id or slug in the workspace"));
    }
    Run run =
        runs.enqueue(
            tenantId, new Run(body.agent(), projectId, "api", body.message(), caller.userId()));
    return Response.accepted(new RunStarted(run.id(), run.status().wire()))
        .location(URI.create("/api/v1/runs/" + run.id()))
        .build();
  }

  @GET
  @Operation(
      summary =
          "Runs of the workspace, newest first; filter by status, agent, trigger, or before a run")
  public Page<RunView> list(
      @QueryParam("status") String status,
      @QueryParam("agent") String agent,
      @QueryParam("trigger") String trigger,
      @QueryParam("before") String before,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    Check check =
        Check.start().optionalText("agent", agent, 64).optionalText("trigger", trigger, 16);
    if (status != null) {
      check.that(
          List.of("queued", "running", "awaiting_approval", "succeeded", "failed", "cancelled")
              .contains(status),
          "status",
          "must be one of queued, running, awaiting_approval, succeeded, failed, cancelled");
    }
    check.optionalText("before", before, 36).done();
    return tx.readInTenant(
        caller.tenantId(),
        em -> {
          StringBuilder where = new StringBuilder(" WHERE 1 = 1");
          Map<String, Object> params = new java.util.HashMap<>();
          if (status != null) {
            where.append(" AND r.status = :status");
            params.put("status", status);
          }
          if (agent != null) {
            where.append(" AND r.agentName = :agent");
            params.put("agent", agent);
          }
          if (trigger != null) {
            where.append(" AND r.trigger = :trigger");
            params.put("trigger", trigger);
          }
          if (before != null) {
            Run pivot = em.find(Run.class, before);
            if (pivot == null) {
              throw ProblemException.validation("before", "no run with this id in the workspace");
            }
            where.append(" AND r.createdAt < :before");
            params.put("before", pivot.createdAt());
          }
          TypedQuery<Run> items =
              em.createQuery(
                  "SELECT r FROM Run r" + where + " ORDER BY r.createdAt DESC, r.id", Run.class);
          TypedQuery<Long> count = em.createQuery("SELECT COUNT(r) FROM Run r" + where, Long.class);
          params.forEach(
              (k, v) -> {
                items.setParameter(k, v);
                count.setParameter(k, v);
              });
          List<RunView> views =
              items
                  .setHint(Transactions.READ_ONLY, true)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList()
                  .stream()
                  .map(r -> RunView.of(r, null))
                  .toList();
          return page.page(views, count.getSingleResult());
        });
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
    return tx.readInTenant(
        caller.tenantId(),
        em -> {
          Run r = find(em, id);
          List<StepView> steps = new ArrayList<>();
          em.createQuery("SELECT s FROM RunStep s WHERE s.runId = :r ORDER BY s.seq", RunStep.class)
              .setParameter("r", r.id())
              .getResultList()
              .forEach(s -> steps.add(StepView.of(s)));
          return RunView.of(r, steps);
        });
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
    String tenantId = caller.tenantId();
    boolean resumed =
        tx.inTenant(
            tenantId,
            em -> {
              Run r = find(em, id);
              if (r.status() != RunStatus.AWAITING_APPROVAL) {
                throw ProblemException.conflict(
                    "run_not_awaiting_approval", "The run is " + r.status().wire() + ".");
              }
              RunState state = RunState.fromJson(r.state());
              boolean matched = false;
              for (var call : state.pending()) {
                if (body.toolCallId() == null || body.toolCallId().equals(call.id())) {
                  state
                      .decisions()
                      .put(
                          call.id(),
                          new RunState.Decision(body.approved(), caller.userId(), body.reason()));
                  matched = true;
                }
              }
              if (!matched) {
                throw ProblemException.validation(
                    "tool_call_id", "the run does not wait for this tool call");
              }
              boolean all =
                  state.pending().stream().allMatch(c -> state.decisions().containsKey(c.id()));
              r.progress(
                  state.toJson(), r.stepCount(), r.tokensInput(), r.tokensOutput(), r.cost());
              if (all) {
                r.moveTo(RunStatus.QUEUED);
              }
              return all;
            });
    events.append(
        tenantId,
        id,
        "run.approval",
        jakarta.json.Json.createObjectBuilder()
            .add("approved", body.approved())
            .add("by", caller.userId())
            .add("tool_call_id", body.toolCallId() == null ? "*" : body.toolCallId())
            .build()
            .toString());
    if (resumed) {
      queue.wake();
    }
    return get(id);
  }
}
