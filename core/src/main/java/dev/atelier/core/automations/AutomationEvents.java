package dev.atelier.core.automations;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.events.OutboxConsumer;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.Runs;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * Fires the automations of an event ({@code git.pushed}): a consumer of the outbox, so that each
 * event fires each of its workspace's enabled automations of that type once, those of its project
 * or of no project. The run's message is the automation's, followed by what was pushed. An event
 * delivered again fires nothing more: its run is keyed by automation and the event's time.
 */
@ApplicationScoped
public class AutomationEvents implements OutboxConsumer {

  private static final Logger LOG = Logger.getLogger(AutomationEvents.class.getName());

  /** The event types an automation may be fired by. */
  public static final List<String> TYPES = List.of(CoreEvents.GIT_PUSHED);

  @Inject Outbox outbox;
  @Inject Transactions tx;
  @Inject Runs runs;

  /** Registers with the outbox; called at start-up before events are delivered. */
  public void start() {
    outbox.register(this);
  }

  @Override
  public String name() {
    return "automations";
  }

  @Override
  public boolean accepts(String type) {
    return TYPES.contains(type);
  }

  @Override
  public void deliver(DomainEvent event) {
    List<String> due =
        tx.readInTenant(
            event.tenantId(),
            em ->
                em.createQuery(
                        "SELECT a.id FROM Automation a WHERE a.eventType = :t AND a.enabled = TRUE"
                            + " AND (a.projectId IS NULL OR a.projectId = :p)",
                        String.class)
                    .setParameter("t", event.type())
                    .setParameter("p", event.subjectId())
                    .getResultList());
    if (due.isEmpty()) {
      return;
    }
    try {
      runs.admit(event.tenantId());
    } catch (ProblemException refused) {
      LOG.warning(
          "Automations of "
              + event.type()
              + " in workspace "
              + event.tenantId()
              + " not fired: "
              + refused.code());
      return;
    }
    for (String id : due) {
      tx.inTenantDo(event.tenantId(), em -> fire(em, id, event));
    }
  }

  private void fire(jakarta.persistence.EntityManager em, String id, DomainEvent event) {
    Automation a = em.find(Automation.class, id);
    if (a == null || !a.enabled()) {
      return;
    }
    long done =
        em.createQuery(
                "SELECT COUNT(r) FROM Run r WHERE r.automationId = :a AND r.scheduledFor = :at",
                Long.class)
            .setParameter("a", id)
            .setParameter("at", event.occurredAt())
            .getSingleResult();
    if (done > 0) {
      return;
    }
    String project = a.projectId() != null ? a.projectId() : event.subjectId();
    String message = a.message() + "\n\n" + describe(event);
    if (message.length() > Runs.MESSAGE_MAX) {
      message = a.message();
    }
    Run run =
        new Run(a.agentName(), project, AutomationTimer.TRIGGER, message, a.createdBy())
            .firedBy(a.id(), event.occurredAt());
    runs.enqueue(em, run);
    a.fired(event.occurredAt(), run.id());
  }

  /** What happened, for the agent: {@code git.pushed: branch main of octo/site at 1a2b3c}. */
  static String describe(DomainEvent event) {
    StringBuilder b = new StringBuilder(event.type()).append(':');
    event.attributes().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue()));
    return b.toString();
  }
}
