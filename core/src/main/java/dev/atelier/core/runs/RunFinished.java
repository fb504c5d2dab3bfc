package dev.atelier.core.runs;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.event.CoreEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Announces that a run ended ({@link CoreEvents#RUN_FINISHED}) through the outbox, so that
 * listeners (a chat integration posting the answer, say) hear of every end exactly when it
 * committed, even across a restart.
 */
@ApplicationScoped
public class RunFinished {

  @Inject Outbox outbox;
  @Inject Transactions tx;

  /** Publishes the end of {@code run} in the unit of work that ends it (same commit). */
  void publish(String tenantId, Run run) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("status", run.status().wire());
    attributes.put("agent", run.agentName());
    attributes.put("trigger", run.trigger());
    if (run.chatId() != null) {
      attributes.put("chat_id", run.chatId());
    }
    if (run.errorCode() != null) {
      attributes.put("error_code", run.errorCode());
    }
    outbox.publish(CoreEvents.RUN_FINISHED, tenantId, run.id(), attributes);
  }

  /**
   * Publishes the end of run {@code runId}, ended by a statement of its own (the queue giving up a
   * run whose node stopped during every attempt): in a unit of work of its own, right after.
   */
  void publishEnded(String tenantId, String runId) {
    tx.inTenantDo(
        tenantId,
        em -> {
          Run run = em.find(Run.class, runId);
          if (run != null && run.status().terminal()) {
            publish(tenantId, run);
          }
        });
  }
}
