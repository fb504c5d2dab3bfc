package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.identity.PasswordPolicy;
import dev.atelier.core.security.AccountSetup;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
}
