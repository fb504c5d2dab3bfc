package dev.atelier.core.automations;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.core.runs.Run;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The automations of a tenant: list, create, read, change, delete, each change audited and
 * published. The timer that fires them is {@link AutomationTimer}.
 */
@ApplicationScoped
public class Automations {

  @Inject Transactions tx;
  @Inject Outbox events;
  @Inject Audit audit;
  @Inject AtelierConfig config;

  /**
   * Deletes the automations that run agents on a project being deleted, in its deleting
   * transaction: with the project gone they would only fail at each due time.
   */
  void deleteAllOf(@Observes @Priority(100) ProjectDeletion.Deleting deletion) {
    deletion
        .em()
        .createQuery("DELETE FROM Automation a WHERE a.projectId = :p")
        .setParameter("p", deletion.projectId())
        .executeUpdate();
  }

  /**
   * The automations of {@code tenantId}, newest first; {@code enabled} and {@code agent} filter.
   */
  public Page<AutomationView> list(
      String tenantId, Boolean enabled, String agent, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em -> {
          // no "1 = 1" in front: with it EclipseLink binds the boolean as 1, which H2 refuses
          List<String> conditions = new ArrayList<>();
          Map<String, Object> params = new HashMap<>();
          if (enabled != null) {
            conditions.add("a.enabled = :enabled");
            params.put("enabled", enabled);
          }
          if (agent != null) {
            conditions.add("a.agentName = :agent");
            params.put("agent", agent);
          }
          String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
          var items =
              em.createQuery(
                  "SELECT a FROM Automation a" + where + " ORDER BY a.createdAt DESC, a.id",
                  Automation.class);
          var count = em.createQuery("SELECT COUNT(a) FROM Automation a" + where, Long.class);
          params.forEach(
              (k, v) -> {
                items.setParameter(k, v);
                count.setParameter(k, v);
              });
          Page<Automation> found = Paging.page(items, count, page, a -> a);
          Map<String, String> statuses =
              runStatuses(
                  em,
                  found.items().stream()
                      .map(Automation::lastRunId)
                      .filter(id -> id != null)
                      .toList());
          return page.page(
              found.items().stream()
                  .map(a -> AutomationView.of(a, statuses.get(a.lastRunId())))
                  .toList(),
              found.total());
        });
  }

  /**
   * Creates an automation of {@code userId} in {@code tenantId} from {@code body}, already checked,
   * with its parsed {@code cron}, {@code zone} and the id of its project; 409 {@code
   * automation_limit_reached} when the workspace has its maximum.
   */
  public AutomationView create(
      String tenantId,
      String userId,
      CreateAutomation body,
      Cron cron,
      ZoneId zone,
      String projectId) {
    return tx.inTenant(
        tenantId,
        em -> {
          Tenancy.lock(em, tenantId); // two creates at once cannot both pass the limit
          long count =
              em.createQuery("SELECT COUNT(a) FROM Automation a", Long.class).getSingleResult();
          int max = config.automationsPerWorkspace();
          if (count >= max) {
            throw ApiException.conflict(
                "automation_limit_reached",
                "The workspace has "
                    + count
                    + " automations, the most it may have ("
                    + max
                    + "); delete one first.");
          }
          Automation a =
              new Automation(
                  body.name().trim(),
                  emptyToNull(body.description()),
                  cron,
                  body.event(),
                  zone,
                  body.agent(),
                  projectId,
                  body.message(),
                  body.enabled() == null || body.enabled(),
                  userId);
          em.persist(a);
          recorded(em, tenantId, "automation.created", a);
          return AutomationView.of(a, null);
        });
  }

  /** Automation {@code id} with its next due time and its last run; 404 when there is none. */
  public AutomationView get(String tenantId, String id) {
    return tx.readInTenant(tenantId, em -> view(em, find(em, id)));
  }

  /**
   * Changes automation {@code id} as {@code body} says, already checked, with its parsed {@code
   * cron} and {@code zone} (null when unchanged) and the id of its new project; a new cron,
   * timezone or enabled state sets the next due time afresh from now.
   */
  public AutomationView update(
      String tenantId, String id, UpdateAutomation body, Cron cron, ZoneId zone, String projectId) {
    return tx.inTenant(
        tenantId,
        em -> {
          Automation a = find(em, id);
          if (body.name() != null) {
            a.rename(body.name().trim());
          }
          if (body.description() != null) {
            a.describe(emptyToNull(body.description()));
          }
          if (body.agent() != null) {
            a.retarget(body.agent());
          }
          if (body.projectId() != null) {
            a.moveToProject(projectId);
          }
          if (body.message() != null) {
            a.reword(body.message());
          }
          if (cron != null && a.eventType() != null) {
            throw ApiException.validation(
                "cron", "an automation fired by an event has no schedule: create another");
          }
          Cron newCron = cron != null ? cron : a.schedule();
          ZoneId newZone = zone != null ? zone : a.zone();
          boolean newEnabled = body.enabled() != null ? body.enabled() : a.enabled();
          if (!java.util.Objects.equals(newCron == null ? null : newCron.expression(), a.cron())
              || !newZone.getId().equals(a.timezone())
              || newEnabled != a.enabled()) {
            a.reschedule(newCron, newZone, newEnabled);
          }
          recorded(em, tenantId, "automation.updated", a);
          return view(em, a);
        });
  }

  /** Deletes automation {@code id}; the runs it fired stay. 404 when there is none. */
  public void delete(String tenantId, String id) {
    tx.inTenantDo(
        tenantId,
        em -> {
          Automation a = find(em, id);
          em.remove(a);
          recorded(em, tenantId, "automation.deleted", a);
        });
  }

  /** The automation with this id in the entity manager's tenant, or 404. */
  private static Automation find(EntityManager em, String id) {
    Automation a = id == null || id.length() != 36 ? null : em.find(Automation.class, id);
    if (a == null) {
      throw ApiException.notFound("The automation");
    }
    return a;
  }

  private static AutomationView view(EntityManager em, Automation a) {
    String status =
        a.lastRunId() == null ? null : runStatuses(em, List.of(a.lastRunId())).get(a.lastRunId());
    return AutomationView.of(a, status);
  }

  /** The status of each of the runs {@code ids} that still exists, by id. */
  private static Map<String, String> runStatuses(EntityManager em, List<String> ids) {
    Map<String, String> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    em.createQuery("SELECT r FROM Run r WHERE r.id IN :ids", Run.class)
        .setParameter("ids", ids)
        .setHint(Transactions.READ_ONLY, true)
        .getResultList()
        .forEach(r -> out.put(r.id(), r.status().wire()));
    return out;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Audits {@code action} on {@code a} and publishes it as a core event once committed. */
  private void recorded(EntityManager em, String tenantId, String action, Automation a) {
    audit.record(em, action, "automation", a.id(), a.name());
    events.publish(action, tenantId, a.id(), Map.of("name", a.name()));
  }
}
