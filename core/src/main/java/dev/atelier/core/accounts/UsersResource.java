package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.identity.PasswordPolicy;
import dev.atelier.core.security.AccountSetup;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own account. */
@Path("api/v1/users/me")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@AccountSetup
@Tag(name = "Users", description = "The signed-in user's own account")
public class UsersResource {

  @Inject Caller caller;
  @Inject Users users;
  @Inject TwoFactor twoFactor;

  @GET
  @Operation(operationId = "getCurrentUser", summary = "Your account, current workspace and role")
  public MeView me() {
    var p = caller.principal();
    return new MeView(users.get(p.userId()), p.tenantId(), p.role().wire());
  }

  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "updateCurrentUser", summary = "Change your name, e-mail or password")
  @APIResponse(responseCode = "409", description = "The e-mail address is taken (email_taken)")
  public MeView update(UpdateMe body) {
    var p = caller.principal();
    Check check = Check.body(body);
    if (body.name() != null) {
      check.text("name", body.name(), 200);
    }
    if (body.email() != null) {
      check.email("email", body.email());
    }
    boolean sensitive = body.password() != null || body.email() != null;
    if (sensitive) {
      check.required("current_password", body.currentPassword());
    }
    if (body.password() != null) {
      PasswordPolicy.check(
          check, "password", body.password(), body.email() != null ? body.email() : p.email());
    }
    check.done();
    if (sensitive && p.viaApiKey()) {
      throw ApiException.forbidden("E-mail and password changes need a signed-in session.");
    }
    return new MeView(users.update(p.userId(), p.sessionId(), body), p.tenantId(), p.role().wire());
  }

  private String sessionUser(String what) {
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest("not_a_session", what + " needs a signed-in session.");
    }
    return p.userId();
  }

  @POST
  @Path("2fa/totp")
  @NotIdempotent
  @Operation(
      operationId = "enrolTotp",
      summary =
          "Start enrolling an authenticator app (TOTP): its secret, otpauth URI and QR code;"
              + " confirm with a first code")
  @APIResponse(responseCode = "400", description = "An API key cannot enrol (not_a_session)")
  @APIResponse(
      responseCode = "409",
      description = "two_factor_enabled: two-factor sign-in is on already")
  public TotpEnrolment enrolTotp() {
    return twoFactor.enrol(sessionUser("Enrolling"));
  }

  @POST
  @Path("2fa/totp/confirm")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "confirmTotp",
      summary =
          "Confirm the enrolment with a current code: two-factor sign-in is on, and the ten"
              + " recovery codes are shown (only now)")
  @APIResponse(responseCode = "400", description = "An API key cannot enrol (not_a_session)")
  @APIResponse(
      responseCode = "409",
      description = "two_factor_enabled: it is on already; no_enrolment: no enrolment was started")
  public RecoveryCodes confirmTotp(ConfirmTotp body) {
    Check.body(body).required("code", body.code()).done();
    return twoFactor.confirm(sessionUser("Enrolling"), body.code());
  }

  @DELETE
  @Path("2fa")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "disableTwoFactor",
      summary = "Turn two-factor sign-in off, with your password and a current or recovery code")
  @APIResponse(responseCode = "204", description = "Two-factor sign-in is off")
  @APIResponse(responseCode = "400", description = "An API key cannot turn it off (not_a_session)")
  @APIResponse(
      responseCode = "409",
      description = "two_factor_not_enabled: two-factor sign-in is off already")
  public Response disableTwoFactor(DisableTwoFactor body) {
    Check.body(body).required("password", body.password()).required("code", body.code()).done();
    twoFactor.disable(sessionUser("Turning two-factor sign-in off"), body.password(), body.code());
    return Response.noContent().build();
  }
}
