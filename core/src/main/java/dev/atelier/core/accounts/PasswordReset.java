package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.AccountTokens;
import dev.atelier.core.identity.PasswordPolicy;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.mail.Mailer;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Forgotten passwords: a one-hour, single-use link by mail, asked for with the same answer after
 * about the same time whether or not the address has an account, and limited per address and per
 * client; using it sets a new password, confirms the address and ends every session of the account.
 */
@ApplicationScoped
public class PasswordReset {

  static final String TEMPLATE = "reset-password";
  static final Duration TTL = Duration.ofHours(1);

  /** Every request takes at least this long, so its time tells nothing about the address. */
  static final long FLOOR_MILLIS = 400;

  @Inject Transactions tx;
  @Inject AccountTokens tokens;
  @Inject Mailer mailer;
  @Inject Sessions sessions;
  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;
  @Inject Tenancy tenancy;
  @Inject Audit audit;

  /**
   * Mails a reset link to {@code rawEmail} (checked) when it has an enabled account, asked for from
   * {@code ip}; 429 when the address or the client asked too often.
   */
  public void request(String rawEmail, String ip) {
    long started = System.nanoTime();
    String email = User.normalizeEmail(rawEmail);
    limit("reset-ip:" + ip);
    limit("reset-addr:" + email);
    User user =
        tx.inPlatform(
            em -> {
              User u =
                  em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                      .setParameter("e", email)
                      .getResultStream()
                      .findFirst()
                      .orElse(null);
              if (u == null || u.disabled()) {
                return null;
              }
              tokens.revokeAll(em, AccountTokens.Purpose.RESET, u.id());
              String token = tokens.issue(em, AccountTokens.Purpose.RESET, u.id(), u.email(), TTL);
              mailer.queue(
                  u.email(),
                  TEMPLATE,
                  Map.of("name", u.name(), "email", u.email(), "token", token));
              return u;
            });
    if (user != null) {
      List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, user.id()));
      audit.recordFor(tenants, user.id(), user.email(), "user.password_reset_requested", null);
    }
    long left = FLOOR_MILLIS - (System.nanoTime() - started) / 1_000_000;
    if (left > 0) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void limit(String bucket) {
    RateLimiter.Usage usage =
        rateLimiter.hit(bucket, config.passwordResetsPerWindow(), config.loginWindow());
    if (usage.exceeded()) {
      throw new ApiException(
          429,
          "rate_limited",
          "Too many requests",
          "Too many password reset requests. Retry in " + usage.resetSeconds() + " s.",
          List.of(),
          AuthenticationFilter.headers(usage));
    }
  }

  /**
   * Sets {@code password} on the account of {@code token}; 400 {@code invalid_token} when the token
   * is unknown, used or expired, 422 when the password breaks the policy (the token then stays
   * usable). Ends every session and refresh token of the account.
   */
  public void reset(String token, String password) {
    String hash = Users.HASHER.hash(password);
    User user =
        tx.inPlatform(
            em -> {
              AccountTokens.Claimed claimed =
                  tokens
                      .claim(em, AccountTokens.Purpose.RESET, token)
                      .orElseThrow(EmailVerification::invalidToken);
              User u = em.find(User.class, claimed.userId());
              if (u == null || u.disabled() || !u.email().equals(claimed.email())) {
                throw EmailVerification.invalidToken();
              }
              Check check = Check.start();
              PasswordPolicy.check(check, "password", password, u.email());
              check.done(); // a refused password rolls the claim back
              tokens.revokeAll(em, AccountTokens.Purpose.RESET, u.id());
              u.changePasswordHash(hash);
              u.markEmailVerified(); // the mail reached its owner
              return u;
            });
    int ended = sessions.revokeAllOf(user.id(), null, "password_reset");
    List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, user.id()));
    audit.recordFor(
        tenants, user.id(), user.email(), "user.password_reset", ended + " session(s) ended");
  }
}
