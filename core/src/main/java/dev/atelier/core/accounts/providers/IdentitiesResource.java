package dev.atelier.core.accounts.providers;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The sign-in providers linked to the signed-in user's account. */
@Path("api/v1/users/me/identities")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Users", description = "The signed-in user's own account")
public class IdentitiesResource {

  @Inject ProviderSignIn signIn;
  @Inject Caller caller;

  @GET
  @Operation(
      operationId = "listLinkedIdentities",
      summary = "The provider identities linked to your account")
  public List<IdentityView> list() {
    return signIn.identities(caller.principal().userId());
  }

  @POST
  @Path("{provider}")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "linkIdentity",
      summary =
          "Start linking a provider to your account: the URL to send the browser to; the"
              + " provider's callback then links the identity")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid_redirect_uri: redirect_uri is not on an allowed origin; not_a_session: an API"
              + " key cannot link")
  @APIResponse(responseCode = "404", description = "unknown_provider: no such provider is enabled")
  @APIResponse(responseCode = "502", description = "provider_error: the provider's setup is broken")
  @APIResponse(
      responseCode = "503",
      description = "provider_unavailable: the provider cannot be reached")
  public AuthorizeUrl link(
      @Parameter(description = "The provider's id, as GET /auth/providers lists it")
          @PathParam("provider")
          String provider,
      LinkRequest body,
      @Context UriInfo uri) {
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest(
          "not_a_session", "Linking a provider needs a signed-in session.");
    }
    String redirectUri = body == null ? null : body.redirectUri();
    return new AuthorizeUrl(
        signIn
            .authorizeLink(
                provider,
                redirectUri,
                SignInProvidersResource.callbackUrl(uri, provider),
                p.userId())
            .toString());
  }

  @DELETE
  @Path("{provider}")
  @Operation(operationId = "unlinkIdentity", summary = "Unlink a provider from your account")
  @APIResponse(responseCode = "204", description = "Unlinked")
  @APIResponse(
      responseCode = "404",
      description = "identity_not_found: no identity at this provider is linked")
  @APIResponse(
      responseCode = "409",
      description =
          "last_sign_in_method: it is the only way to sign in (no password chosen, no other"
              + " identity)")
  public Response unlink(
      @Parameter(description = "The provider's id") @PathParam("provider") String provider) {
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest(
          "not_a_session", "Unlinking a provider needs a signed-in session.");
    }
    signIn.unlink(p.userId(), provider);
    return Response.noContent().build();
  }
}
