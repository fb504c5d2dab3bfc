package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.identity.UserView;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.PasswordHasher;
import dev.atelier.core.tenancy.Invitations;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.core.tenancy.Tenant;
import dev.atelier.core.tenancy.TenantView;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Accounts: registering one with its personal workspace, reading and changing one's own. */
@ApplicationScoped
public class Users {

  static final PasswordHasher HASHER = new PasswordHasher();

  @Inject Transactions tx;
  @Inject Tenancy tenancy;
  @Inject Sessions sessions;
  @Inject Audit audit;
  @Inject EmailVerification verification;
  @Inject Invitations invitations;

  static ProblemException emailTakenConflict() {
    return ApiException.conflict(
        "email_taken", "An account with this e-mail address already exists.");
  }

  private static boolean emailTaken(EntityManager em, String email) {
    return em.createQuery("SELECT COUNT(u) FROM User u WHERE u.email = :e", Long.class)
            .setParameter("e", email)
            .getSingleResult()
        > 0;
  }

  /**
   * Creates the account of {@code email} (checked) with its personal workspace, of which it is the
   * admin; 409 {@code email_taken} when the address has an account. With {@code invitation} (an
   * invitation's token for this address: else 404 or 403) the account joins its workspace too.
   */
  public Registered register(String email, String password, String name, String invitation) {
    if (invitation != null
        && !invitations.preview(invitation).email().equals(User.normalizeEmail(email))) {
      throw Invitations.forAnotherAddress();
    }
    String hash = HASHER.hash(password);
    Registered registered =
        tx.inPlatform(
            em -> {
              String normalized = User.normalizeEmail(email);
              if (emailTaken(em, normalized)) {
                throw emailTakenConflict();
              }
              User user = new User(normalized, name, hash);
              em.persist(user);
              // a concurrent registration of the same address loses here with 409, not 500
              Transactions.flush(em, Users::emailTakenConflict);
              Tenant tenant = tenancy.create(em, user.name(), null, true, user.id());
              verification.send(em, user);
              return new Registered(UserView.of(user), TenantView.of(tenant, "admin"));
            });
    audit.recordFor(
        List.of(registered.tenant().id()),
        registered.user().id(),
        registered.user().email(),
        "user.registered",
        null);
    if (invitation != null) {
      invitations.accept(invitation, registered.user().id(), registered.user().email());
    }
    return registered;
  }

  /** The account {@code userId}. */
  public UserView get(String userId) {
    return UserView.of(tx.inPlatform(em -> em.find(User.class, userId)));
  }

  /**
   * Changes the name, e-mail or password of account {@code userId} as {@code body} (checked) says;
   * a new e-mail or password needs the current password (else 422). A new e-mail is unverified and
   * gets a verification mail. A new password ends every session of the account but {@code
   * sessionId}.
   */
  public UserView update(String userId, String sessionId, UpdateMe body) {
    boolean sensitive = body.password() != null || body.email() != null;
    String newHash = body.password() == null ? null : HASHER.hash(body.password());
    User updated =
        tx.inPlatform(
            em -> {
              User user = em.find(User.class, userId);
              if (sensitive && !HASHER.verify(body.currentPassword(), user.passwordHash())) {
                throw ApiException.validation("current_password", "is not your current password");
              }
              if (body.email() != null) {
                String email = User.normalizeEmail(body.email());
                if (!email.equals(user.email())) {
                  if (emailTaken(em, email)) {
                    throw emailTakenConflict();
                  }
                  user.changeEmail(email);
                  Transactions.flush(em, Users::emailTakenConflict);
                  verification.send(em, user); // the new address is unverified until confirmed
                }
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
      sessions.revokeAllOf(userId, sessionId, "password_changed");
      List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, userId));
      audit.recordFor(
          tenants, userId, updated.email(), "user.password_changed", "other sessions ended");
    }
    return UserView.of(updated);
  }
}
