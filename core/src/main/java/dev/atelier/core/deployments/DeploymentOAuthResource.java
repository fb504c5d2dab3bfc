package dev.atelier.core.deployments;

import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Deployment credentials through the provider's OAuth consent instead of a pasted token. */
@Path("api/v1/deployment-oauth")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Deployments")
public class DeploymentOAuthResource {

  @Inject Caller caller;
  @Inject Deployments deployments;
  @Context UriInfo uri;

  private String callbackUri(String provider) {
    return uri.getBaseUriBuilder()
        .path("api/v1/deployment-oauth")
        .path(provider)
        .path("callback")
        .build()
        .toString();
  }

  @GET
  @Path("{provider}/authorize")
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "authorizeDeploymentProvider",
      summary = "Starts connecting the workspace to a provider through its OAuth consent page")
  @APIResponse(
      responseCode = "200",
      description = "Send the browser to authorize_url",
      content = @Content(schema = @Schema(implementation = OAuthStart.class)))
  @APIResponse(responseCode = "404", description = "not_found: no such provider in the workspace")
  @APIResponse(
      responseCode = "409",
      description =
          "deploy_oauth_not_configured: the server has no OAuth client for the provider (store a"
              + " token instead)")
  public OAuthStart authorize(@PathParam("provider") String provider) {
    return new OAuthStart(
        deployments.authorize(caller.tenantId(), caller.userId(), provider, callbackUri(provider)));
  }

  @GET
  @Path("{provider}/callback")
  @PublicEndpoint
  @Operation(
      operationId = "deploymentProviderCallback",
      summary =
          "Where the provider sends the browser back: the code is exchanged and the credential"
              + " stored for the workspace that started the authorization")
  @APIResponse(
      responseCode = "200",
      description = "Stored",
      content = @Content(schema = @Schema(implementation = CredentialView.class)))
  @APIResponse(
      responseCode = "400",
      description = "invalid_state: the authorization is unknown, expired or was used already")
  @APIResponse(responseCode = "404", description = "not_found: no such provider")
  @APIResponse(
      responseCode = "422",
      description =
          "validation_failed (no code or state), or deploy_auth_failed: the provider refused the"
              + " code")
  @APIResponse(responseCode = "502", description = "deploy_provider_error: the provider failed")
  public CredentialView callback(
      @PathParam("provider") String provider,
      @Parameter(description = "The code the provider issued") @QueryParam("code") String code,
      @Parameter(description = "The state the authorize request made") @QueryParam("state")
          String state) {
    Check.start().text("code", code, 2000).text("state", state, 300).done();
    return deployments.oauthCallback(provider, state, code, callbackUri(provider));
  }
}
