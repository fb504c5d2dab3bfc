package dev.atelier.core.deployments;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Deployments of the current workspace's projects. */
@Path("api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Deployments")
public class DeploymentsResource {

  private static final Set<String> TARGETS = Set.of("production", "preview");

  @Inject Caller caller;
  @Inject Deployments deployments;

  private static Check outputDir(Check check, String outputDir) {
    return check
        .optionalText("output_dir", outputDir, 500)
        .that(
            outputDir == null
                || (!outputDir.startsWith("/")
                    && !outputDir.contains("\\")
                    && !outputDir.contains("\0")
                    && java.util.Arrays.stream(outputDir.split("/")).noneMatch(".."::equals)),
            "output_dir",
            "must be a relative folder of the project's files");
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "createDeployment",
      summary =
          "Deploy a project's files (or a folder of them) to a provider, as a background task",
      description =
          "The files are frozen when the deployment is queued; only the files the provider lacks"
              + " are uploaded. Follow it at /api/v1/deployments/{deployment_id}/status.")
  @APIResponse(
      responseCode = "202",
      description = "Queued",
      headers = @Header(name = "Location", description = "The deployment's status"),
      content = @Content(schema = @Schema(implementation = DeploymentAccepted.class)))
  @APIResponse(
      responseCode = "409",
      description = "deployment_credentials_missing: the workspace has no credentials for it")
  @APIResponse(responseCode = "404", description = "not_found: no such project in the workspace")
  public Response create(CreateDeployment body) {
    Check check =
        Check.body(body)
            .required("project_id", body.projectId())
            .text("provider", body.provider(), 64)
            .required("target", body.target())
            .that(
                body.target() == null || TARGETS.contains(body.target()),
                "target",
                "must be production or preview");
    outputDir(check, body.outputDir()).done();
    DeploymentAccepted a = deployments.deploy(caller.tenantId(), caller.userId(), body);
    return Response.accepted(a)
        .location(URI.create("/api/v1/deployments/" + a.deploymentId() + "/status"))
        .build();
  }

  @POST
  @Path("deploy-all")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "deployAll",
      summary = "Deploy a project to every provider the workspace has credentials for")
  @APIResponse(
      responseCode = "202",
      description = "Queued, one deployment per provider",
      content = @Content(schema = @Schema(implementation = DeploymentsAccepted.class)))
  @APIResponse(
      responseCode = "409",
      description = "deployment_credentials_missing: the workspace has no provider credentials")
  @APIResponse(responseCode = "404", description = "not_found: no such project in the workspace")
  public Response deployAll(DeployAll body) {
    Check check =
        Check.body(body)
            .required("project_id", body.projectId())
            .that(
                body.target() == null || TARGETS.contains(body.target()),
                "target",
                "must be production or preview");
    outputDir(check, body.outputDir()).done();
    return Response.accepted(deployments.deployAll(caller.tenantId(), caller.userId(), body))
        .build();
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "listDeployments",
      summary = "The deployments of a project (the id is the project's id or slug), newest first")
  @APIResponse(responseCode = "404", description = "not_found: no such project in the workspace")
  public Page<DeploymentView> list(
      @PathParam("id") String projectId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return deployments.list(caller.tenantId(), projectId, PageRequest.of(limit, offset));
  }

  @GET
  @Path("{id}/status")
  @Operation(
      operationId = "getDeploymentStatus",
      summary = "A deployment's status, URL and log excerpt")
  @APIResponse(responseCode = "404", description = "not_found: no such deployment in the workspace")
  public DeploymentView status(@PathParam("id") String id) {
    return deployments.get(caller.tenantId(), id);
  }

  @DELETE
  @Path("{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "deleteDeployment",
      summary = "Cancel a deployment (the id is the deployment's), or remove it at the provider",
      description = "The deployment is kept, cancelled, in the project's list.")
  @APIResponse(responseCode = "204", description = "Cancelled")
  @APIResponse(responseCode = "404", description = "not_found: no such deployment in the workspace")
  @APIResponse(responseCode = "502", description = "deploy_provider_error: the provider failed")
  public Response delete(@PathParam("id") String id) {
    deployments.cancel(caller.tenantId(), id);
    return Response.noContent().build();
  }
}
