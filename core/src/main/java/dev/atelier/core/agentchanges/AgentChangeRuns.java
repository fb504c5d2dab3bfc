package dev.atelier.core.agentchanges;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.events.OutboxConsumer;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.tasks.Task;
import dev.atelier.core.tasks.Tasks;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.event.DomainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Resumes the task of an agent change when its agent's run ended: a consumer of {@code
 * run.finished} through the outbox, so that no end is missed across a restart. A run that ended
 * before its task began to wait (a race of milliseconds) is tried again by the outbox a moment
 * later.
 */
@ApplicationScoped
public class AgentChangeRuns implements OutboxConsumer {

  @Inject Outbox outbox;
  @Inject Transactions tx;
  @Inject Tasks tasks;

  /** Registers with the outbox; called at start-up before events are delivered. */
  public void start() {
    outbox.register(this);
  }

  @Override
  public String name() {
    return "agent-changes";
  }

  @Override
  public boolean accepts(String type) {
    return CoreEvents.RUN_FINISHED.equals(type);
  }

  @Override
  public void deliver(DomainEvent event) {
    if (!AgentChangeTask.TRIGGER.equals(event.attributes().get("trigger"))) {
      return;
    }
    boolean parked =
        tx.inTenant(
            event.tenantId(),
            em -> {
              List<AgentChange> found =
                  em.createQuery(
                          "SELECT c FROM AgentChange c WHERE c.runId = :r", AgentChange.class)
                      .setParameter("r", event.subjectId())
                      .getResultList();
              if (found.isEmpty() || found.get(0).finished()) {
                return true;
              }
              String task = found.get(0).taskId();
              if (tasks.resume(em, task)) {
                return true;
              }
              // not waiting yet (its handler is about to make it wait), or resumed already
              return !Task.RUNNING.equals(tasks.status(em, task))
                  || !AgentChange.RUNNING.equals(found.get(0).status());
            });
    if (!parked) {
      throw new IllegalStateException(
          "The task of the agent change of run " + event.subjectId() + " is not waiting yet");
    }
  }
}
