package dev.atelier.core.runs;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * Starting, cancelling and approving runs, for every way a run comes about (API, chat,
 * automations).
 */
@ApplicationScoped
public class Runs {

  @Inject Transactions tx;
  @Inject RunQueue queue;
  @Inject RunEvents events;

  /** Queues {@code run} in {@code tenantId}; a worker picks it up right after the commit. */
  public Run enqueue(String tenantId, Run run) {
    tx.inTenantDo(tenantId, em -> em.persist(run));
    queue.wake();
    return run;
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
              Run r = RunsResource.find(em, runId);
              if (r.status().terminal()) {
                throw ProblemException.conflict(
                    "run_finished", "The run has already finished (" + r.status().wire() + ").");
              }
              r.requestCancel();
              if (r.status() != RunStatus.RUNNING) {
                r.moveTo(RunStatus.CANCELLED);
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
              Run r = RunsResource.find(em, runId);
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
        Json.createObjectBuilder()
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
