package dev.atelier.core.identity;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.AuthResource.UserView;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PasswordHasher;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own account. */
@Path("api/v1/users/me")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Users")
public class UsersResource {

  private static final PasswordHasher HASHER = new PasswordHasher();

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject Sessions sessions;
  @Inject Tenancy tenancy;
  @Inject Audit audit;

  /** The account with the caller's current workspace and role. */
  public record MeView(UserView user, String tenantId, String role) {}

  /**
   * Fields to change; absent fields stay. A new password needs the current one and ends every other
   * session.
   */
  public record UpdateMe(String name, String email, String password, String currentPassword) {}

  @GET
  @Operation(summary = "Your account, current workspace and role")
  public MeView me() {
    var p = caller.principal();
    User user = tx.inPlatform(em -> em.find(User.class, p.userId()));
    return new MeView(UserView.of(user), p.tenantId(), p.role().wire());
  }

  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change your name, e-mail or password")
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
    String newHash = body.password() == null ? null : HASHER.hash(body.password());
    User updated =
        tx.inPlatform(
            em -> {
              User user = em.find(User.class, p.userId());
              if (sensitive && !HASHER.verify(body.currentPassword(), user.passwordHash())) {
                throw ApiException.validation("current_password", "is not your current password");
              }
              if (body.email() != null) {
                String email = User.normalizeEmail(body.email());
                if (!email.equals(user.email()) && AuthResource.emailTaken(em, email)) {
                  throw AuthResource.emailTakenConflict();
                }
                user.changeEmail(email);
                Transactions.flush(em, AuthResource::emailTakenConflict);
              }
              if (body.name() != null) {
                user.rename(body.name().trim());
              }
              if (newHash != null) {
                user.changePasswordHash(newHash);
              }
              return user;
            });
    if (newHash != null) {
      sessions.revokeAllOf(p.userId(), p.sessionId(), "password_changed");
      List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, p.userId()));
      audit.recordFor(
          tenants, p.userId(), updated.email(), "user.password_changed", "other sessions ended");
    }
    return new MeView(UserView.of(updated), p.tenantId(), p.role().wire());
  }
}
