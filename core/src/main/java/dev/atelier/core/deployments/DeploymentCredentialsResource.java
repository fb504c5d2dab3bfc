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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current workspace's credentials for deployment providers. */
@Path("api/v1/deployment-credentials")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Deployments",
    description =
        "Deployments of a project's files to Vercel, Netlify or Cloudflare Pages, run as background"
            + " tasks; the workspace's provider credentials")
public class DeploymentCredentialsResource {

  @Inject Caller caller;
  @Inject Deployments deployments;

  @GET
  @Operation(
      operationId = "listDeploymentCredentials",
      summary = "The workspace's deployment credentials (never their tokens)")
  public Page<CredentialView> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return deployments.credentials(caller.tenantId(), PageRequest.of(limit, offset));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "createDeploymentCredential",
      summary = "Store a provider's token, checked with the provider first",
      description =
          "Replaces the workspace's earlier credential for the same provider. The token is stored"
              + " encrypted and never returned.")
  @APIResponse(
      responseCode = "201",
      description = "Stored",
      headers = @Header(name = "Location", description = "The credentials"),
      content = @Content(schema = @Schema(implementation = CredentialView.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "validation_failed or deploy_auth_failed: an unknown provider, or the provider refused"
              + " the token")
  @APIResponse(responseCode = "502", description = "deploy_provider_error: the provider failed")
  public Response create(CreateCredential body) {
    Check.body(body)
        .text("provider", body.provider(), 64)
        .text("token", body.token(), 2000)
        .optionalText("account", body.account(), 200)
        .done();
    CredentialView v = deployments.addCredential(caller.tenantId(), caller.userId(), body);
    return Response.created(URI.create("/api/v1/deployment-credentials")).entity(v).build();
  }

  @DELETE
  @Path("{id}")
  @RequiresRole(Role.ADMIN)
  @Operation(operationId = "deleteDeploymentCredential", summary = "Delete a credential")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = "not_found: no such credential in the workspace")
  public Response delete(@PathParam("id") String id) {
    deployments.deleteCredential(caller.tenantId(), id);
    return Response.noContent().build();
  }
}
