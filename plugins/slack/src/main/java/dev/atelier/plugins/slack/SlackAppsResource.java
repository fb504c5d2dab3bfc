package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.PublicRoute;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The workspace's Slack bots: register, change, install through Slack's OAuth, remove. */
@Path("api/v1/slack-apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Slack",
    description =
        "Slack bots of the workspace: registered by an admin with a Slack app's credentials,"
            + " installed through Slack's OAuth, receiving Slack's signed events")
public class SlackAppsResource {

  private final SlackApps apps;

  SlackAppsResource(SlackApps apps) {
    this.apps = apps;
  }

  @GET
  @Operation(operationId = "listSlackApps", summary = "List the workspace's Slack bots by name")
  public Page<SlackAppView> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return apps.list(apps.context().session(), PageRequest.of(limit, offset));
  }

  @GET
  @Path("{app_id}")
  @Operation(operationId = "getSlackApp", summary = "Get a Slack bot (never its secrets)")
  public SlackAppView get(@Parameter(description = "The bot's id") @PathParam("app_id") String id) {
    return apps.get(apps.context().session(), id);
  }

  @GET
  @Path("{app_id}/events")
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "listSlackAppEvents",
      summary = "List the events Slack delivered to a bot, newest first, each once")
  public Page<SlackEventView> events(
      @Parameter(description = "The bot's id") @PathParam("app_id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return apps.events(apps.context().session(), id, PageRequest.of(limit, offset));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "createSlackApp",
      summary = "Register a Slack bot from a Slack app's credentials; it starts configuring")
  @APIResponse(
      responseCode = "201",
      description = "The new bot",
      headers = @Header(name = "Location", description = "The bot's address"),
      content = @Content(schema = @Schema(implementation = SlackAppView.class)))
  @APIResponse(
      responseCode = "409",
      description = "slack_app_name_taken: the workspace has a bot of this name")
  public Response create(CreateSlackApp body) {
    SlackAppView view = apps.create(apps.context().session(), body);
    return Response.created(URI.create("/api/v1/slack-apps/" + view.id())).entity(view).build();
  }

  @PATCH
  @Path("{app_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(operationId = "updateSlackApp", summary = "Change a Slack bot; absent fields stay")
  @APIResponse(
      responseCode = "409",
      description = "slack_app_name_taken: the workspace has a bot of this name")
  public SlackAppView update(
      @Parameter(description = "The bot's id") @PathParam("app_id") String id,
      UpdateSlackApp body) {
    return apps.update(apps.context().session(), id, body);
  }

  @DELETE
  @Path("{app_id}")
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "deleteSlackApp",
      summary = "Remove a Slack bot with its secrets and the events it received")
  @APIResponse(responseCode = "204", description = "Removed")
  public Response delete(@Parameter(description = "The bot's id") @PathParam("app_id") String id) {
    apps.delete(apps.context().session(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{app_id}/install")
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "installSlackApp",
      summary =
          "Get the link that installs the bot in a Slack workspace (Slack's OAuth v2), good for"
              + " ten minutes; a new link replaces the last")
  public InstallLink install(
      @Parameter(description = "The bot's id") @PathParam("app_id") String id,
      @Context UriInfo uri) {
    return apps.install(apps.context().session(), id, publicBase(uri));
  }

  @GET
  @Path("{app_id}/oauth/callback")
  @PublicRoute
  @Operation(
      operationId = "completeSlackInstall",
      summary =
          "Where Slack sends the installing admin back: exchanges the code for the bot token"
              + " (oauth.v2.access) and makes the bot live")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid_state: the link is unknown, used or expired; slack_oauth_failed: Slack refused"
              + " the code")
  @APIResponse(responseCode = "502", description = "slack_bad_answer: Slack answered nonsense")
  @APIResponse(responseCode = "503", description = "slack_unavailable: Slack cannot be reached")
  public SlackAppView callback(
      @Parameter(description = "The bot's id") @PathParam("app_id") String id,
      @Parameter(description = "The code Slack issued") @QueryParam("code") String code,
      @Parameter(description = "The state of the install link") @QueryParam("state") String state,
      @Context UriInfo uri) {
    return apps.complete(id, code, state, publicBase(uri));
  }

  /**
   * This server's public address ({@code ATELIER_PLUGIN_SLACK_PUBLIC_URL}, else the request's),
   * without a trailing slash: the redirect URL must be the same at install and at callback.
   */
  private String publicBase(UriInfo uri) {
    String base =
        apps.context()
            .config()
            .get("public-url")
            .orElseGet(() -> uri.getBaseUri().resolve("/").toString());
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
