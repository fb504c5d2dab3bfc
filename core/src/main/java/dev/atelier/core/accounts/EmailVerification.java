package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.AccountTokens;
import dev.atelier.core.identity.User;
import dev.atelier.core.mail.Mailer;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.tenancy.Tenancy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;

/**
 * E-mail verification: a mail with a one-time link on registration, on a change of address and on
 * request; the token confirms the address it was sent to, as long as it is still the account's.
 */
@ApplicationScoped
public class EmailVerification {

  static final String TEMPLATE = "verify-email";

  @Inject Transactions tx;
  @Inject AccountTokens tokens;
  @Inject Mailer mailer;
  @Inject AtelierConfig config;
  @Inject RateLimiter rateLimiter;
  @Inject Tenancy tenancy;
  @Inject Audit audit;

  /**
   * Queues a verification mail to {@code user}'s current address in {@code em}'s unit of work,
   * ending the links sent before.
   */
  void send(EntityManager em, User user) {
    tokens.revokeAll(em, AccountTokens.Purpose.VERIFY, user.id());
    String token =
        tokens.issue(
            em,
            AccountTokens.Purpose.VERIFY,
            user.id(),
            user.email(),
            config.verificationTokenTtl());
    mailer.queue(
        user.email(),
        TEMPLATE,
        Map.of(
            "name",
            user.name(),
            "email",
            user.email(),
            "token",
            token,
            "hours",
            Long.toString(config.verificationTokenTtl().toHours())));
  }

  /**
   * Confirms the address {@code token} was sent to; 400 {@code invalid_token} when it is unknown,
   * used, expired, or the account's address changed since.
   */
  public void verify(String token) {
    User user =
        tx.inPlatform(
            em -> {
              AccountTokens.Claimed claimed =
                  tokens
                      .claim(em, AccountTokens.Purpose.VERIFY, token)
                      .orElseThrow(EmailVerification::invalidToken);
              User u = em.find(User.class, claimed.userId());
              if (u == null || !u.email().equals(claimed.email())) {
                throw invalidToken();
              }
              u.markEmailVerified();
              return u;
            });
    List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, user.id()));
    audit.recordFor(tenants, user.id(), user.email(), "user.email_verified", null);
  }

  /**
   * Sends {@code userId} a new verification mail; 409 {@code already_verified} when the address is
   * confirmed, 429 after too many in the window.
   */
  public void resend(String userId) {
    RateLimiter.Usage usage =
        rateLimiter.hit(
            "verify-resend:" + userId, config.passwordResetsPerWindow(), config.loginWindow());
    if (usage.exceeded()) {
      throw new ApiException(
          429,
          "rate_limited",
          "Too many requests",
          "Too many verification mails. Retry in " + usage.resetSeconds() + " s.",
          List.of(),
          AuthenticationFilter.headers(usage));
    }
    tx.inPlatformDo(
        em -> {
          User user = em.find(User.class, userId);
          if (user.emailVerified()) {
            throw ApiException.conflict(
                "already_verified", "Your e-mail address is already verified.");
          }
          send(em, user);
        });
  }

  static ApiException invalidToken() {
    return new ApiException(
        400,
        "invalid_token",
        "Bad Request",
        "The token is not valid: it is unknown, was used already or has expired.");
  }
}
