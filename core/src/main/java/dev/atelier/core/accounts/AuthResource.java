package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.identity.PasswordPolicy;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.AccountSetup;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.core.security.SigningKeys;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Registration, sign-in, token refresh and sign-out, tenant switching and the JWK set. */
@Path("api/v1")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Auth", description = "Sign-up, sign-in, tokens and the keys that verify them")
public class AuthResource {

  @Inject Users users;
  @Inject Authentication authentication;
  @Inject Sessions sessions;
  @Inject SigningKeys signingKeys;
  @Inject Caller caller;
  @Inject AtelierConfig config;
  @Inject EmailVerification verification;
  @Inject PasswordReset passwordReset;
  @Inject TwoFactor twoFactor;

  @POST
  @Path("auth/register")
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(operationId = "registerUser", summary = "Create an account and its personal workspace")
  @APIResponse(
      responseCode = "201",
      description = "Registered, with a personal workspace",
      content = @Content(schema = @Schema(implementation = Registered.class)))
  @APIResponse(
      responseCode = "409",
      description = "email_taken: an account with this e-mail address exists")
  @APIResponse(
      responseCode = "404",
      description = "The invitation given is unknown, accepted or expired")
  @APIResponse(
      responseCode = "403",
      description =
          "Registration is closed, or the invitation is for another address"
              + " (invitation_for_another_address)")
  public Response register(RegisterRequest body) {
    if (!config.registrationEnabled()) {
      throw ApiException.forbidden("Registration is closed on this server.");
    }
    Check check = Check.body(body).email("email", body.email()).text("name", body.name(), 200);
    PasswordPolicy.check(check, "password", body.password(), body.email());
    check.done();
    Registered registered =
        users.register(body.email(), body.password(), body.name().trim(), body.invitationToken());
    return Response.status(201).entity(registered).build();
  }

  @POST
  @Path("auth/login")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "loginUser",
      summary =
          "Sign in with e-mail and password (JSON): the tokens, or a second-factor challenge"
              + " (mfa_required)")
  @APIResponse(responseCode = "401", description = "Wrong e-mail or password")
  public LoginResponse login(LoginRequest body) {
    Check.body(body).required("email", body.email()).required("password", body.password()).done();
    return authentication.signIn(body.email(), body.password(), body.tenantId(), caller.ip());
  }

  @POST
  @Path("auth/login")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @PublicEndpoint
  @Operation(summary = "Sign in with username (e-mail) and password (form, OAuth2 password style)")
  public LoginResponse loginForm(
      @Parameter(description = "The e-mail address of the account") @FormParam("username")
          String username,
      @Parameter(description = "The account's password") @FormParam("password") String password) {
    Check.start().required("username", username).required("password", password).done();
    return authentication.signIn(username, password, null, caller.ip());
  }

  @POST
  @Path("auth/2fa/verify")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "verifySecondFactor",
      summary = "Complete a sign-in with a TOTP code, a code sent by mail or a recovery code")
  @APIResponse(
      responseCode = "401",
      description =
          "invalid_mfa_token: the sign-in is unknown, complete or expired; invalid_code: the code"
              + " is wrong or used")
  public LoginResponse verifySecondFactor(VerifySecondFactor body) {
    Check.body(body)
        .required("mfa_token", body.mfaToken())
        .required("method", body.method())
        .that(
            body.method() == null || TwoFactor.METHODS.contains(body.method()),
            "method",
            "must be one of " + String.join(", ", TwoFactor.METHODS))
        .required("code", body.code())
        .done();
    return authentication.verifySecondFactor(
        body.mfaToken(), body.method(), body.code(), caller.ip());
  }

  @POST
  @Path("auth/2fa/resend")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "sendSecondFactorCode",
      summary = "Mail a sign-in code for a sign-in waiting for its second factor")
  @APIResponse(
      responseCode = "202",
      description = "The code is on its way (it works for ten minutes; earlier ones stop working)",
      content = @Content(schema = @Schema(implementation = MailQueued.class)))
  @APIResponse(
      responseCode = "401",
      description = "invalid_mfa_token: the sign-in is unknown, complete or expired")
  @APIResponse(
      responseCode = "409",
      description = "email_not_verified: the account's address is not verified")
  public Response sendSecondFactorCode(ResendSecondFactor body) {
    Check.body(body).required("mfa_token", body.mfaToken()).done();
    twoFactor.sendEmailCode(body.mfaToken());
    return Response.accepted(new MailQueued("A sign-in code is on its way to your address."))
        .build();
  }

  @POST
  @Path("auth/refresh")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "refreshToken",
      summary = "Exchange a refresh token for new tokens (the refresh token rotates)")
  @APIResponse(responseCode = "401", description = "The refresh token is invalid, expired or used")
  public Tokens refresh(RefreshRequest body) {
    Check.body(body).required("refresh_token", body.refreshToken()).done();
    if (body.refreshToken().length() > 200) {
      throw ApiException.unauthorized("The refresh token is not valid.");
    }
    return authentication.refresh(body.refreshToken());
  }

  @POST
  @Path("auth/logout")
  @NotIdempotent
  @AccountSetup
  @Operation(
      operationId = "logoutUser",
      summary = "End the current session (its access and refresh tokens stop working)")
  @APIResponse(responseCode = "204", description = "Signed out")
  @APIResponse(responseCode = "400", description = "An API key has no session (not_a_session)")
  public Response logout() {
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest(
          "not_a_session", "API keys have no session; revoke the key instead.");
    }
    sessions.revoke(p.sessionId(), "logout");
    return Response.noContent().build();
  }

  @POST
  @Path("auth/switch-tenant")
  @NotIdempotent
  @AccountSetup
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Get tokens for another workspace you belong to")
  @APIResponse(responseCode = "404", description = "You do not belong to that workspace")
  public Tokens switchTenant(SwitchTenantRequest body) {
    Check.body(body).required("tenant_id", body.tenantId()).done();
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest(
          "not_a_session", "An API key is bound to one workspace and cannot switch.");
    }
    return authentication.switchTenant(p.userId(), body.tenantId());
  }

  @POST
  @Path("auth/verify")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "verifyEmail",
      summary = "Confirm an e-mail address with the token of its verification mail")
  @APIResponse(responseCode = "204", description = "The address is verified")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid_token: the token is unknown, used, expired, or the account's address changed")
  public Response verify(VerifyEmailRequest body) {
    Check.body(body).required("token", body.token()).done();
    verification.verify(body.token());
    return Response.noContent().build();
  }

  @POST
  @Path("auth/verify/resend")
  @NotIdempotent
  @AccountSetup
  @Operation(
      operationId = "resendVerificationEmail",
      summary = "Send the verification mail for your address again")
  @APIResponse(
      responseCode = "202",
      description = "The mail is on its way; earlier links stop working",
      content = @Content(schema = @Schema(implementation = MailQueued.class)))
  @APIResponse(responseCode = "400", description = "An API key cannot ask for it (not_a_session)")
  @APIResponse(responseCode = "409", description = "already_verified: your address is verified")
  public Response resendVerification() {
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest(
          "not_a_session", "Ask for the verification mail from a signed-in session.");
    }
    verification.resend(p.userId());
    return Response.accepted(new MailQueued("A verification mail is on its way to " + p.email()))
        .build();
  }

  @POST
  @Path("auth/forgot-password")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "forgotPassword",
      summary =
          "Ask for a password-reset mail (the same answer whether or not the address has an"
              + " account)")
  @APIResponse(
      responseCode = "202",
      description = "If the address has an account, a reset link is on its way",
      content = @Content(schema = @Schema(implementation = MailQueued.class)))
  public Response forgotPassword(ForgotPasswordRequest body) {
    Check.body(body).email("email", body.email()).done();
    passwordReset.request(body.email(), caller.ip());
    return Response.accepted(
            new MailQueued(
                "If an account uses this address, a link to reset its password is on its way."))
        .build();
  }

  @POST
  @Path("auth/reset-password")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(
      operationId = "resetPassword",
      summary = "Set a new password with the token of a reset mail (ends every session)")
  @APIResponse(responseCode = "204", description = "The password is changed")
  @APIResponse(
      responseCode = "400",
      description = "invalid_token: the token is unknown, used or expired")
  public Response resetPassword(ResetPasswordRequest body) {
    Check check = Check.body(body).required("token", body.token());
    PasswordPolicy.check(check, "password", body.password(), null);
    check.done();
    passwordReset.reset(body.token(), body.password());
    return Response.noContent().build();
  }

  @GET
  @Path(".well-known/jwks.json")
  @PublicEndpoint
  @Operation(
      operationId = "getJwks",
      summary = "The public keys that verify access tokens (JWK set)")
  public Map<String, Object> jwks() {
    return signingKeys.jwks();
  }
}
