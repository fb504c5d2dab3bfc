package dev.atelier.core.runs;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.metering.Metering;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.core.projects.Projects;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starting, reading, cancelling and approving runs, for every way a run comes about (API, chat,
 * automations, the MCP server).
 */
@ApplicationScoped
public class Runs {

  /** Longest message of a run or a chat turn, in characters. */
  public static final int MESSAGE_MAX = 100_000;

  /** The run statuses, as a client names them in a filter. */
  public static final List<String> STATUSES =
      List.of("queued", "running", "awaiting_approval", "succeeded", "failed", "cancelled");

  @Inject Transactions tx;
  @Inject PlanLimits limits;
  @Inject RunQueue queue;
  @Inject RunEvents events;
  @Inject RunFinished finished;
  @Inject Agents agents;
  @Inject Projects projects;
  @Inject Metering metering;

  /** Queues {@code run} in {@code tenantId}; a worker picks it up right after the commit. */
  public Run enqueue(String tenantId, Run run) {
    admit(tenantId);
    tx.inTenantDo(tenantId, em -> enqueue(em, run));
    return run;
  }

  /**
   * Refuses new work of {@code tenantId} with 402 {@code insufficient_credits} when it is metered
   * and out of credits and its plan allows no overage, or {@code plan_limit_reached} when it
   * started as many runs today (UTC) as its plan allows.
   */
  public void admit(String tenantId) {
    metering.admit(tenantId);
    limits.admitRun(
        tenantId,
        () ->
            tx.readInTenant(
                tenantId,
                em ->
                    em.createQuery(
                            "SELECT COUNT(r) FROM Run r WHERE r.createdAt >= :day", Long.class)
                        .setParameter(
                            "day",
                            LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant())
                        .getSingleResult()));
  }

  /**
   * Queues {@code run} within the unit of work of {@code em}, so that it is queued if and only if
   * that unit commits; a worker picks it up right after the commit.
   */
  public Run enqueue(EntityManager em, Run run) {
    em.persist(run);
    Transactions.afterCommit(queue::wake);
    return run;
  }

  /**
   * Checks {@code body} (422 with the field that is wrong: no such agent, no such project, a
   * message too long) and queues a run of it for {@code userId}, started by {@code trigger}.
   */
  public Run start(String tenantId, String userId, String trigger, StartRun body) {
    Check.body(body)
        .text("agent", body.agent(), 64)
        .text("message", body.message(), MESSAGE_MAX)
        .optionalText("project_id", body.projectId(), 64)
        .done();
    if (agents.find(tenantId, body.agent()).isEmpty()) {
      throw ProblemException.validation("agent", "no agent with this name in the workspace");
    }
    String projectId = null;
    if (body.projectId() != null) {
      projectId =
          projects
              .find(tenantId, body.projectId())
              .map(Project::id)
              .orElseThrow(
                  () ->
                      ProblemException.validation(
                          "project_id", "no project with this id or slug in the workspace"));
    }
    return enqueue(tenantId, new Run(body.agent(), projectId, trigger, body.message(), userId));
  }

  /** The runs of {@code tenantId} that pass {@code filter}, newest first (422 for a bad filter). */
  public Page<RunView> list(String tenantId, RunFilter filter, PageRequest page) {
    String status = filter.status();
    Check check =
        Check.start()
            .optionalText("agent", filter.agent(), 64)
            .optionalText("trigger", filter.trigger(), 16)
            .optionalText("automation_id", filter.automationId(), 36);
    if (status != null) {
      check.that(
          STATUSES.contains(status), "status", "must be one of " + String.join(", ", STATUSES));
    }
    check.optionalText("before", filter.before(), 36).done();
    return tx.readInTenant(
        tenantId,
        em -> {
          StringBuilder where = new StringBuilder(" WHERE 1 = 1");
          Map<String, Object> params = new HashMap<>();
          if (status != null) {
            where.append(" AND r.status = :status");
            params.put("status", status);
          }
          if (filter.agent() != null) {
            where.append(" AND r.agentName = :agent");
            params.put("agent", filter.agent());
          }
          if (filter.trigger() != null) {
            where.append(" AND r.trigger = :trigger");
            params.put("trigger", filter.trigger());
          }
          if (filter.automationId() != null) {
            where.append(" AND r.automationId = :automation");
            params.put("automation", filter.automationId());
          }
          if (filter.before() != null) {
            Run pivot = em.find(Run.class, filter.before());
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
          return Paging.page(items, count, page, r -> RunView.of(r, null));
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

  /** 404 unless run {@code runId} is one of {@code tenantId}'s. */
  public void requireExists(String tenantId, String runId) {
    tx.readInTenant(tenantId, em -> find(em, runId));
  }

  /** The run {@code runId} of {@code tenantId} with its steps; 404 when there is none. */
  public RunView view(String tenantId, String runId) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Run r = find(em, runId);
          List<StepView> steps = new ArrayList<>();
          em.createQuery("SELECT s FROM RunStep s WHERE s.runId = :r ORDER BY s.seq", RunStep.class)
              .setParameter("r", r.id())
              .getResultList()
              .forEach(s -> steps.add(StepView.of(s)));
          return RunView.of(r, steps);
        });
  }

  /**
   * Cancels run {@code runId}: a queued or waiting one at once, a running one within its current
   * step. 404 when not in the tenant, 409 {@code run_finished} when it has finished.
   */
  public RunStatus cancel(String tenantId, String runId) {
    RunStatus after =
        tx.inTenant(
            tenantId,
            em -> {
              Run r = find(em, runId);
              if (r.status().terminal()) {
                throw ProblemException.conflict(
                    "run_finished", "The run has already finished (" + r.status().wire() + ").");
              }
              r.requestCancel();
              if (r.status() != RunStatus.RUNNING) {
                r.moveTo(RunStatus.CANCELLED);
                finished.publish(tenantId, r);
              }
              return r.status();
            });
    if (after == RunStatus.CANCELLED) {
      events.append(tenantId, runId, "run.cancelled", "{\"status\":\"cancelled\"}");
    } else {
      queue.cancelLocally(runId);
    }
    return after;
  }

  /**
   * Cancels every run of project {@code projectId} that has not finished (its project is going):
   * queued and waiting ones at once, running ones within their current step.
   */
  /** Cancels the project's runs that have not finished, before the project is deleted. */
  void cancelAllOf(@Observes @Priority(200) ProjectDeletion.Starting deletion) {
    String tenantId = deletion.tenantId();
    String projectId = deletion.projectId();
    List<String> active =
        tx.readInTenant(
            tenantId,
            em ->
                em.createQuery(
                        "SELECT r.id FROM Run r WHERE r.projectId = :p AND r.status IN :s",
                        String.class)
                    .setParameter("p", projectId)
                    .setParameter(
                        "s",
                        List.of(
                            RunStatus.QUEUED.wire(),
                            RunStatus.RUNNING.wire(),
                            RunStatus.AWAITING_APPROVAL.wire()))
                    .getResultList());
    for (String runId : active) {
      try {
        cancel(tenantId, runId);
      } catch (ProblemException finishedMeanwhile) {
        // it ended on its own between the query and the cancel
      }
    }
  }

  /**
   * Deletes the runs of project {@code projectId} with their steps and events, in the caller's
   * transaction {@code em}. A worker still in a step of one finds its run gone and stops there.
   */
  /** Deletes the project's runs with their steps, in the project's deleting transaction. */
  void deleteAllOf(@Observes @Priority(200) ProjectDeletion.Deleting deletion) {
    EntityManager em = deletion.em();
    String projectId = deletion.projectId();
    em.createQuery(
            "DELETE FROM RunStep s WHERE s.runId IN (SELECT r.id FROM Run r WHERE r.projectId = :p)")
        .setParameter("p", projectId)
        .executeUpdate();
    em.createQuery("DELETE FROM Run r WHERE r.projectId = :p")
        .setParameter("p", projectId)
        .executeUpdate();
  }

  /**
   * Approves or denies the tool calls run {@code runId} waits for: the one with {@code toolCallId},
   * or all of them when it is null. Once every waiting call is decided the run is queued again. 404
   * when not in the tenant, 409 {@code run_not_awaiting_approval} when it waits for nothing, 422
   * when it does not wait for {@code toolCallId}.
   */
  public void decide(
      String tenantId,
      String runId,
      String userId,
      boolean approved,
      String toolCallId,
      String reason) {
    boolean resumed =
        tx.inTenant(
            tenantId,
            em -> {
              Run r = find(em, runId);
              if (r.status() != RunStatus.AWAITING_APPROVAL) {
                throw ProblemException.conflict(
                    "run_not_awaiting_approval", "The run is " + r.status().wire() + ".");
              }
              RunState state = RunState.fromJson(r.state());
              boolean matched = false;
              for (var call : state.pending()) {
                if (toolCallId == null || toolCallId.equals(call.id())) {
                  state.decisions().put(call.id(), new RunState.Decision(approved, userId, reason));
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
        runId,
        "run.approval",
        JSON.createObjectBuilder()
            .add("approved", approved)
            .add("by", userId)
            .add("tool_call_id", toolCallId == null ? "*" : toolCallId)
            .build()
            .toString());
    if (resumed) {
      queue.wake();
    }
  }
}
