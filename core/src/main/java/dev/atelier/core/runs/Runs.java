package dev.atelier.core.runs;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Starting and cancelling runs, for every way a run comes about (API, chat, automations). */
@ApplicationScoped
public class Runs {

  @Inject Transactions tx;
  @Inject RunQueue queue;
  @Inject RunEvents events;

  /** Queues {@code run} in {@code tenantId}; a worker picks it up right after the commit. */
  public Run enqueue(String tenantId, Run run) {
    tx.inTenantDo(tenantId, em -> enqueue(em, run));
    return run;
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
}
