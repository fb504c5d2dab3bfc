package dev.atelier.core.projects;

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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Projects of the current workspace, addressed by id or slug, and their secrets. */
@Path("api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Projects", description = "Projects of the current workspace and their secrets")
public class ProjectsResource {

  private static final Pattern SECRET_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
  private static final int SECRET_MAX = 8192;

  @Inject Caller caller;
  @Inject Projects projects;
  @Inject ProjectSecrets secrets;
  @Inject ProjectBases bases;

  @GET
  @Operation(summary = "List projects, newest first; q searches name, slug and description")
  public Page<ProjectView> list(
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return projects.list(caller.tenantId(), q, PageRequest.of(limit, offset));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary = "Create a project; the slug is derived from the name when absent",
      description =
          "With base, the project starts from a base (a project template of the marketplace):"
              + " its files are written under the project files rules and its agents created."
              + " A failure leaves no project behind.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = ProjectView.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "slug_taken: another project of the workspace has this slug; agent_exists: an agent of"
              + " the base has the name of an agent of the workspace; project_quota_exceeded: the"
              + " base's files are more than a project may hold")
  @APIResponse(
      responseCode = "402",
      description =
          "plan_limit_reached: the workspace's plan allows no more projects (or agents, for a"
              + " base's agents); purchase_required: the base is priced and not in the workspace's"
              + " library")
  @APIResponse(
      responseCode = "404",
      description = "not_found: no such base, or one the workspace may not use")
  @APIResponse(
      responseCode = "413",
      description = "file_too_large: a file of the base is above the project file size limit")
  public Response create(CreateProject body) {
    Check.body(body)
        .text("name", body.name(), 200)
        .slug("slug", body.slug())
        .optionalText("description", body.description(), 4000)
        .that(
            body.base() == null || (!body.base().isBlank() && body.base().length() <= 200),
            "base",
            "must be a base id or slug of at most 200 characters")
        .done();
    ProjectView created =
        body.base() == null
            ? projects.create(caller.tenantId(), caller.userId(), body)
            : bases.create(caller.tenantId(), caller.userId(), body);
    return Response.created(URI.create("/api/v1/projects/" + created.id())).entity(created).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "A project, by id or slug")
  public ProjectView get(@PathParam("id") String id) {
    return projects.get(caller.tenantId(), id);
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Change a project's name, slug or description")
  @APIResponse(
      responseCode = "409",
      description = "slug_taken: another project of the workspace has this slug")
  public ProjectView update(@PathParam("id") String id, UpdateProject body) {
    Check check =
        Check.body(body)
            .slug("slug", body.slug())
            .optionalText("description", body.description(), 4000);
    if (body.name() != null) {
      check.text("name", body.name(), 200);
    }
    check.done();
    return projects.update(caller.tenantId(), id, body);
  }

  @DELETE
  @Path("{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      summary = "Delete a project with its secrets, files, chats, runs and automations",
      description =
          "Runs in progress are cancelled first; the project's chats, runs (with their steps and"
              + " events) and automations are deleted with it.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("id") String id) {
    projects.delete(caller.tenantId(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/secrets")
  @Operation(
      operationId = "listSecrets",
      summary = "The names of a project's secrets (never their values), by name")
  public Page<SecretView> secrets(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return secrets.list(caller.tenantId(), id, PageRequest.of(limit, offset));
  }

  @PUT
  @Path("{id}/secrets/{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Set a project secret (encrypted at rest; write-only)")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "204", description = "Replaced")
  public Response putSecret(
      @PathParam("id") String id, @PathParam("key") String key, PutSecret body) {
    Check check = Check.body(body);
    check.that(
        SECRET_NAME.matcher(key).matches(),
        "key",
        "must be 1-128 letters, digits or underscores, not starting with a digit");
    check.required("value", body.value());
    check.that(
        body.value() == null || body.value().length() <= SECRET_MAX,
        "value",
        "must be at most " + SECRET_MAX + " characters");
    check.done();
    boolean created = secrets.put(caller.tenantId(), id, key, body.value());
    return Response.status(created ? 201 : 204).build();
  }

  @DELETE
  @Path("{id}/secrets/{key}")
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Delete a project secret")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response deleteSecret(@PathParam("id") String id, @PathParam("key") String key) {
    secrets.delete(caller.tenantId(), id, key);
    return Response.noContent().build();
  }
}
