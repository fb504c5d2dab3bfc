package dev.atelier.core.agents;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.FieldError;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Agents of the current workspace, addressed by name: their specs (YAML or JSON, validated against
 * the published JSON Schema), and validation without storing.
 */
@Path("api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Agents", description = "Agent definitions of the current workspace")
public class AgentsResource {

  @Inject Caller caller;
  @Inject Agents agents;

  @GET
  @Operation(summary = "List agents by name; q searches name and description")
  public Page<AgentView> list(
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return agents.list(caller.tenantId(), q, PageRequest.of(limit, offset));
  }

  @GET
  @Path("schema")
  @Operation(
      operationId = "getAgentSchema",
      summary = "The JSON Schema (draft 2020-12) that agent specs are validated against")
  @APIResponse(
      responseCode = "200",
      description = "A JSON Schema (draft 2020-12)",
      content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  public Response schema() {
    return Response.ok(AgentSpecValidator.schema(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @POST
  @Path("validate")
  @Consumes(MediaType.APPLICATION_JSON)
  @NotIdempotent
  @Operation(
      operationId = "validateAgent",
      summary =
          "Validate a spec without storing it: 200 with valid, the spec's name and every error"
              + " (location, line, column, message)")
  public ValidationView validate(AgentSource body) {
    Check.body(body);
    SpecValidation v = AgentSpecValidator.validate(body.content(), body.specFormat());
    return new ValidationView(v.valid(), v.name(), v.errors());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Create an agent from its spec; 409 agent_exists when the name is taken")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = AgentView.class)))
  @APIResponse(
      responseCode = "409",
      description = "agent_exists: an agent of this name exists in the workspace")
  @APIResponse(
      responseCode = "402",
      description = "plan_limit_reached: the workspace's plan allows no more agents")
  public Response create(AgentSource body) {
    Check.body(body);
    AgentSpec spec = validSpec(body);
    AgentView created = agents.create(caller.tenantId(), caller.userId(), spec, body);
    return Response.created(URI.create("/api/v1/agents/" + created.name())).entity(created).build();
  }

  @GET
  @Path("{name}")
  @Operation(summary = "An agent, by name, with its spec's source text")
  public AgentView get(@PathParam("name") String name) {
    return agents.view(caller.tenantId(), name);
  }

  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "replaceAgent",
      summary = "Replace an agent's spec; the name inside must be the name in the path")
  public AgentView replace(@PathParam("name") String name, AgentSource body) {
    Check.body(body);
    AgentSpec spec = validSpec(body);
    if (!spec.name().equals(name)) {
      throw ApiException.validation(
          "spec/name", "must be the agent's name in the path, '" + abbreviate(name) + "'");
    }
    return agents.replace(caller.tenantId(), spec, body);
  }

  @DELETE
  @Path("{name}")
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Delete an agent")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("name") String name) {
    agents.delete(caller.tenantId(), name);
    return Response.noContent().build();
  }

  /** The spec of {@code body}, or 422 with an error per problem, each on {@code spec<location>}. */
  private static AgentSpec validSpec(AgentSource body) {
    SpecValidation v = AgentSpecValidator.validate(body.content(), body.specFormat());
    if (!v.valid()) {
      throw ApiException.validation(v.errors().stream().map(AgentsResource::fieldError).toList());
    }
    return v.spec();
  }

  /** A spec error as a field error of the request: {@code spec/tools/2}, with its position. */
  private static FieldError fieldError(SpecError e) {
    String at = e.line() == null ? "" : " (line " + e.line() + ", column " + e.column() + ")";
    return new FieldError("spec" + e.location(), e.message() + at);
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
