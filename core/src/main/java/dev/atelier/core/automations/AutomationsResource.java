package dev.atelier.core.automations;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.security.Caller;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Automations of the current workspace: runs of an agent on a cron schedule in a time zone. The
 * timer that fires them is {@link AutomationTimer}.
 */
@Path("api/v1/automations")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Automations")
public class AutomationsResource {

  static final int NAME_MAX = 200;
  static final int DESCRIPTION_MAX = 4000;
  static final int TIMEZONE_MAX = 64;
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject Agents agents;
  @Inject Outbox events;
  @Inject Projects projects;
  @Inject Audit audit;
  @Inject AtelierConfig config;

  public record CreateAutomation(
      String name,
      String description,
      String cron,
      String timezone,
      String agent,
      String projectId,
      String message,
      Boolean enabled) {}

  /** The fields to change; absent (null) ones stay, an empty description or project_id clears. */
  public record UpdateAutomation(
      String name,
      String description,
      String cron,
      String timezone,
      String agent,
      String projectId,
      String message,
      Boolean enabled) {}

  public record AutomationView(
      String id,
      String name,
      String description,
      String cron,
      String timezone,
      String agent,
      String projectId,
      String message,
      boolean enabled,
      Instant nextRunAt,
      Instant lastRunAt,
      String lastRunId,
      String lastRunStatus,
      Instant createdAt,
      Instant updatedAt,
      String createdBy) {
    static AutomationView of(Automation a, String lastRunStatus) {
      return new AutomationView(
          a.id(),
          a.name(),
          a.description(),
          a.cron(),
          a.timezone(),
          a.agentName(),
          a.projectId(),
          a.message(),
          a.enabled(),
          a.nextRunAt(),
          a.lastRunAt(),
          a.lastRunId(),
          lastRunStatus,
          a.createdAt(),
          a.updatedAt(),
          a.createdBy());
    }
  }

  @GET
  @Operation(
      summary = "Automations of the workspace, newest first; filter by enabled or by agent name")
  public Page<AutomationView> list(
      @QueryParam("enabled") String enabled,
      @QueryParam("agent") String agent,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    Check.start()
        .that(
            enabled == null || enabled.equals("true") || enabled.equals("false"),
            "enabled",
            "must be true or false")
        .optionalText("agent", agent, 64)
        .done();
    return tx.readInTenant(
        caller.tenantId(),
        em -> {
          // no "1 = 1" in front: with it EclipseLink binds the boolean as 1, which H2 refuses
          List<String> conditions = new ArrayList<>();
          Map<String, Object> params = new HashMap<>();
          if (enabled != null) {
            conditions.add("a.enabled = :enabled");
            params.put("enabled", Boolean.valueOf(enabled));
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
          List<Automation> found =
              items
                  .setHint(Transactions.READ_ONLY, true)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList();
          Map<String, String> statuses =
              runStatuses(
                  em, found.stream().map(Automation::lastRunId).filter(id -> id != null).toList());
          return page.page(
              found.stream().map(a -> AutomationView.of(a, statuses.get(a.lastRunId()))).toList(),
              count.getSingleResult());
        });
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary =
          "Create an automation: a run of an agent on a message at each time of a cron schedule"
              + " in a time zone; 409 automation_limit_reached when the workspace has its maximum")
  public Response create(CreateAutomation body) {
    String tenantId = caller.tenantId();
    Check check =
        Check.body(body)
            .text("name", body.name(), NAME_MAX)
            .optionalText("description", body.description(), DESCRIPTION_MAX)
            .text("message", body.message(), Runs.MESSAGE_MAX);
    Cron cron = cron(check, body.cron());
    ZoneId zone = zone(check, body.timezone() == null ? "UTC" : body.timezone());
    agent(check, tenantId, body.agent());
    String projectId = project(check, tenantId, body.projectId());
    check.done();
    AutomationView created =
        tx.inTenant(
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
                      zone,
                      body.agent(),
                      projectId,
                      body.message(),
                      body.enabled() == null || body.enabled(),
                      caller.userId());
              em.persist(a);
              recorded(em, "automation.created", a);
              return AutomationView.of(a, null);
            });
    return Response.created(URI.create("/api/v1/automations/" + created.id()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "An automation with its next due time and its last run")
  public AutomationView get(@PathParam("id") String id) {
    return tx.readInTenant(caller.tenantId(), em -> view(em, find(em, id)));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary =
          "Change an automation's fields; a new cron, timezone or enabled state sets the next due"
              + " time afresh from now")
  public AutomationView update(@PathParam("id") String id, UpdateAutomation body) {
    String tenantId = caller.tenantId();
    Check check = Check.body(body).optionalText("description", body.description(), DESCRIPTION_MAX);
    if (body.name() != null) {
      check.text("name", body.name(), NAME_MAX);
    }
    if (body.message() != null) {
      check.text("message", body.message(), Runs.MESSAGE_MAX);
    }
    Cron cron = body.cron() == null ? null : cron(check, body.cron());
    ZoneId zone = body.timezone() == null ? null : zone(check, body.timezone());
    if (body.agent() != null) {
      agent(check, tenantId, body.agent());
    }
    String projectId =
        body.projectId() == null || body.projectId().isEmpty()
            ? null
            : project(check, tenantId, body.projectId());
    check.done();
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
          Cron newCron = cron != null ? cron : a.schedule();
          ZoneId newZone = zone != null ? zone : a.zone();
          boolean newEnabled = body.enabled() != null ? body.enabled() : a.enabled();
          if (!newCron.expression().equals(a.cron())
              || !newZone.getId().equals(a.timezone())
              || newEnabled != a.enabled()) {
            a.reschedule(newCron, newZone, newEnabled);
          }
          recorded(em, "automation.updated", a);
          return view(em, a);
        });
  }

  @DELETE
  @Path("{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete an automation; the runs it fired stay")
  public Response delete(@PathParam("id") String id) {
    tx.inTenantDo(
        caller.tenantId(),
        em -> {
          Automation a = find(em, id);
          em.remove(a);
          recorded(em, "automation.deleted", a);
        });
    return Response.noContent().build();
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

  /** The parsed {@code cron}, or null with its error on {@code check}. */
  private static Cron cron(Check check, String text) {
    try {
      Cron cron = Cron.parse(text);
      if (cron.next(Times.now(), ZoneOffset.UTC).isEmpty()) {
        check.fail("cron", "never fires: no month has the day it names");
        return null;
      }
      return cron;
    } catch (CronSyntaxException e) {
      check.fail("cron", e.getMessage());
      return null;
    }
  }

  /** The zone {@code id}, or null with an error on {@code check}. */
  private static ZoneId zone(Check check, String id) {
    if (id.isBlank()) {
      check.fail("timezone", "is required");
    } else if (id.length() > TIMEZONE_MAX || !ZONES.contains(id)) {
      check.fail("timezone", "must be an IANA time zone name such as UTC or Europe/Berlin");
    } else {
      return ZoneId.of(id);
    }
    return null;
  }

  private void agent(Check check, String tenantId, String name) {
    check.text("agent", name, 64);
    if (name != null && !name.isBlank() && name.length() <= 64) {
      check.that(
          agents.find(tenantId, name).isPresent(),
          "agent",
          "no agent with this name in the workspace");
    }
  }

  /** The id of the project {@code idOrSlug}, or null (with an error when it is not found). */
  private String project(Check check, String tenantId, String idOrSlug) {
    if (idOrSlug == null) {
      return null;
    }
    check.optionalText("project_id", idOrSlug, 64);
    String id = projects.find(tenantId, idOrSlug).map(Project::id).orElse(null);
    check.that(
        id != null || idOrSlug.length() > 64,
        "project_id",
        "no project with this id or slug in the workspace");
    return id;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Audits {@code action} on {@code a} and publishes it as a core event once committed. */
  private void recorded(EntityManager em, String action, Automation a) {
    audit.record(em, action, "automation", a.id(), a.name());
    events.publish(action, caller.tenantId(), a.id(), Map.of("name", a.name()));
  }
}
