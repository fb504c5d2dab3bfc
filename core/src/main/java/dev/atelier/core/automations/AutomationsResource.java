package dev.atelier.core.automations;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Automations of the current workspace: runs of an agent on a cron schedule in a time zone. The
 * timer that fires them is {@link AutomationTimer}.
 */
@Path("api/v1/automations")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Automations", description = "Runs started on a schedule or by an event")
public class AutomationsResource {

  static final int NAME_MAX = 200;
  static final int DESCRIPTION_MAX = 4000;
  static final int TIMEZONE_MAX = 64;
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  @Inject Caller caller;
  @Inject Automations automations;
  @Inject Agents agents;
  @Inject Projects projects;

  @GET
  @Operation(
      summary = "Automations of the workspace, newest first; filter by enabled or by agent name")
  public Page<AutomationView> list(
      @Parameter(
              description = "Only automations switched on (true) or off (false)",
              schema = @Schema(type = SchemaType.BOOLEAN))
          @QueryParam("enabled")
          String enabled,
      @Parameter(description = "Only automations of this agent (its name)") @QueryParam("agent")
          String agent,
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
    return automations.list(
        caller.tenantId(), enabled == null ? null : Boolean.valueOf(enabled), agent, page);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary =
          "Create an automation: a run of an agent on a message at each time of a cron schedule"
              + " in a time zone, or at each event (git.pushed: a push to the project's"
              + " repository, or any project's when it names none); 409 automation_limit_reached"
              + " when the workspace has its maximum")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = AutomationView.class)))
  @APIResponse(
      responseCode = "409",
      description = "automation_limit_reached: the workspace has as many automations as it may")
  public Response create(CreateAutomation body) {
    String tenantId = caller.tenantId();
    Check check =
        Check.body(body)
            .text("name", body.name(), NAME_MAX)
            .optionalText("description", body.description(), DESCRIPTION_MAX)
            .text("message", body.message(), Runs.MESSAGE_MAX);
    Cron cron = null;
    if (body.event() == null) {
      cron = cron(check, body.cron());
    } else {
      check
          .that(
              AutomationEvents.TYPES.contains(body.event()),
              "event",
              "must be one of " + String.join(", ", AutomationEvents.TYPES))
          .that(
              body.cron() == null, "cron", "an automation runs on a cron schedule or on an event");
    }
    ZoneId zone = zone(check, body.timezone() == null ? "UTC" : body.timezone());
    agent(check, tenantId, body.agent());
    String projectId = project(check, tenantId, body.projectId());
    check.done();
    AutomationView created =
        automations.create(tenantId, caller.userId(), body, cron, zone, projectId);
    return Response.created(URI.create("/api/v1/automations/" + created.id()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "An automation with its next due time and its last run")
  public AutomationView get(@PathParam("id") String id) {
    return automations.get(caller.tenantId(), id);
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
    return automations.update(tenantId, id, body, cron, zone, projectId);
  }

  @DELETE
  @Path("{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete an automation; the runs it fired stay")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("id") String id) {
    automations.delete(caller.tenantId(), id);
    return Response.noContent().build();
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
}
