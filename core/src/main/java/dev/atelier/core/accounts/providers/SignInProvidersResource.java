package dev.atelier.core.accounts.providers;

import dev.atelier.core.accounts.LoginResponse;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-in with GitHub, Google and OpenID Connect providers. */
@Path("api/v1")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Auth", description = "Sign-up, sign-in, tokens and the keys that verify them")
public class SignInProvidersResource {

  @Inject ProviderSignIn signIn;
  @Inject Caller caller;

  @GET
  @Path("auth/providers")
  @PublicEndpoint
  @Operation(
      operationId = "listSignInProviders",
      summary = "The providers this server signs in with (GitHub, Google, OIDC)")
  public List<ProviderView> providers() {
    return signIn.list().stream().map(ProviderView::of).toList();
  }

  @GET
  @Path("auth/{provider}/authorize")
  @PublicEndpoint
  @Operation(
      operationId = "authorizeWithProvider",
      summary = "Start a sign-in at a provider: a redirect there (with state, nonce and PKCE S256)")
  @APIResponse(
      responseCode = "302",
      description = "Go to the provider to sign in",
      headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "400",
      description = "invalid_redirect_uri: redirect_uri is not on an allowed origin")
  @APIResponse(responseCode = "404", description = "unknown_provider: no such provider is enabled")
  @APIResponse(responseCode = "502", description = "provider_error: the provider's setup is broken")
  @APIResponse(
      responseCode = "503",
      description = "provider_unavailable: the provider cannot be reached")
  public Response authorize(
      @Parameter(description = "The provider's id, as GET /auth/providers lists it")
          @PathParam("provider")
          String provider,
      @Parameter(
              description =
                  "Where to send the browser back with a one-time code for POST /auth/exchange"
                      + " (an allowed origin); without it the callback answers the sign-in itself")
          @QueryParam("redirect_uri")
          String redirectUri,
      @Context UriInfo uri) {
    URI target = signIn.authorize(provider, redirectUri, callbackUrl(uri, provider));
    return Response.status(302).location(target).build();
  }

  @GET
  @Path("auth/{provider}/callback")
  @NotIdempotent
  @PublicEndpoint
  @Operation(
      operationId = "completeProviderSignIn",
      summary =
          "Where the provider sends the browser back: the sign-in answer, or a redirect to the"
              + " client's redirect_uri with a one-time code")
  @APIResponse(
      responseCode = "200",
      description =
          "Signed in: the tokens, or mfa_required when the account has two-factor sign-in. When"
              + " the authorization was started by POST /users/me/identities/{provider}: the"
              + " linked identity (IdentityView) instead",
      content = @Content(schema = @Schema(oneOf = {LoginResponse.class, IdentityView.class})))
  @APIResponse(
      responseCode = "302",
      description =
          "Back to the redirect_uri of the authorization, with ?code= for POST /auth/exchange"
              + " (or ?linked= for a link); when the sign-in failed after the state was known,"
              + " with ?error= and the problem's code instead (every 4xx/5xx below but"
              + " invalid_state, unknown_provider and rate_limited)",
      headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "400",
      description =
          "invalid_state: the sign-in is unknown, used or expired; provider_error: the provider"
              + " ended it with an error; validation_error: no code")
  @APIResponse(
      responseCode = "401",
      description =
          "invalid_id_token: the ID token's signature, issuer, audience, expiry or nonce is wrong")
  @APIResponse(
      responseCode = "403",
      description =
          "email_not_verified: the provider did not verify the address; sign_in_not_allowed: the"
              + " address is not allowed, or registration is closed")
  @APIResponse(responseCode = "404", description = "unknown_provider: no such provider is enabled")
  @APIResponse(
      responseCode = "409",
      description =
          "link_requires_sign_in: an account with this address has a password, so the provider is"
              + " linked only from it while signed in; identity_taken: (linking) the identity"
              + " belongs to another account; provider_already_linked: (linking) the account has"
              + " another identity there; email_taken: registered at the same moment")
  @APIResponse(responseCode = "429", description = "rate_limited: too many sign-in attempts")
  @APIResponse(responseCode = "502", description = "provider_error: the provider refused the code")
  @APIResponse(
      responseCode = "503",
      description = "provider_unavailable: the provider cannot be reached")
  public Response callback(
      @Parameter(description = "The provider's id") @PathParam("provider") String provider,
      @Parameter(description = "The authorization code from the provider") @QueryParam("code")
          String code,
      @Parameter(description = "The state of the authorization request") @QueryParam("state")
          String state,
      @Parameter(description = "The provider's error, when the sign-in failed there")
          @QueryParam("error")
          String error,
      @Context UriInfo uri) {
    ProviderSignIn.Outcome outcome =
        signIn.callback(provider, code, state, error, callbackUrl(uri, provider), caller.ip());
    if (outcome instanceof ProviderSignIn.Outcome.Redirect r) {
      return Response.status(302).location(r.location()).build();
    }
    if (outcome instanceof ProviderSignIn.Outcome.Linked l) {
      return Response.ok(l.identity()).build();
    }
    return Response.ok(((ProviderSignIn.Outcome.Answer) outcome).response()).build();
  }

  @POST
  @Path("auth/exchange")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "exchangeSignInCode",
      summary = "Trade the one-time code of a provider sign-in for the sign-in answer")
  @APIResponse(
      responseCode = "400",
      description = "invalid_code: the code is unknown, used or expired")
  @APIResponse(responseCode = "403", description = "sign_in_not_allowed: the account is disabled")
  @APIResponse(responseCode = "429", description = "rate_limited: too many sign-in attempts")
  public LoginResponse exchange(ExchangeRequest body) {
    Check.body(body).required("code", body.code()).done();
    return signIn.exchange(body.code(), caller.ip());
  }

  /** This server's callback URL for {@code provider}: on ATELIER_PUBLIC_URL when set. */
  static String callbackUrl(UriInfo uri, String provider) {
    String base =
        ConfigProvider.getConfig()
            .getOptionalValue("atelier.public.url", String.class)
            .map(String::trim)
            .filter(v -> !v.isEmpty())
            .orElse(uri.getBaseUri().toString());
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/api/v1/auth/" + provider + "/callback";
  }
}
