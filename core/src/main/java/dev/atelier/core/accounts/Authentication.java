package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.Sessions;
import dev.atelier.core.identity.User;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.AccessTokens;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.tenancy.Membership;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signing in and staying signed in: password sign-in (limited per address and per account),
 * refresh-token rotation with reuse detection, and switching to another workspace.
 */
@ApplicationScoped
public class Authentication {

  @Inject Transactions tx;
  @Inject Tenancy tenancy;
  @Inject Sessions sessions;
  @Inject AccessTokens accessTokens;
  @Inject Audit audit;
  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;
  @Inject TwoFactor twoFactor;

  /**
   * Tokens for the account of {@code rawEmail} in workspace {@code tenantId} (its default one when
   * null), asked for from {@code ip}, or a second-factor challenge when the account has two-factor
   * sign-in on; 401 on a wrong e-mail or password, 429 when the address or the account made too
   * many attempts.
   */
  public LoginResponse signIn(String rawEmail, String password, String tenantId, String ip) {
    String email = rawEmail.trim().toLowerCase(Locale.ROOT);
    if (email.length() > 254 || password.length() > 1024) {
      throw ApiException.unauthorized("Wrong e-mail or password.");
    }
    RateLimiter.Usage perIp =
        rateLimiter.hit("login-ip:" + ip, config.loginAttemptsPerIp(), config.loginWindow());
    if (perIp.exceeded()) {
      throw tooManyAttempts(perIp, "Too many sign-in attempts from this address.");
    }
    refuseWhenLocked(email);
    User user =
        tx.inPlatform(
            em ->
                em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                    .setParameter("e", email)
                    .getResultStream()
                    .findFirst()
                    .orElse(null));
    boolean ok = Users.HASHER.verify(password, user == null ? null : user.passwordHash());
    if (!ok || user.disabled()) {
      rateLimiter.hit(
          "login-fail:" + email, config.loginFailuresPerAccount(), config.loginWindow());
      if (user != null) {
        List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, user.id()));
        audit.recordFor(
            tenants,
            user.id(),
            user.email(),
            "login.failed",
            user.disabled() && ok ? "account disabled" : "wrong password");
      } else {
        audit.recordFor(List.of(), null, email, "login.failed", "unknown account");
      }
      throw ApiException.unauthorized("Wrong e-mail or password.");
    }
    Membership membership =
        tx.inPlatform(
            em ->
                (tenantId == null
                        ? tenancy.defaultMembership(em, user.id())
                        : tenancy.membership(em, tenantId, user.id()))
                    .orElse(null));
    if (membership == null) {
      if (tenantId != null) {
        throw ApiException.notFound("The workspace");
      }
      throw ApiException.forbidden("This account belongs to no workspace.");
    }
    if (user.totpEnabled()) {
      audit.recordFor(
          List.of(membership.tenantId()), user.id(), user.email(), "login.mfa_required", null);
      return twoFactor.challenge(user, tenantId);
    }
    Sessions.Started started = sessions.start(user.id(), membership.tenantId());
    audit.recordFor(
        List.of(membership.tenantId()), user.id(), user.email(), "login.succeeded", null);
    return LoginResponse.of(tokens(user, membership, started.sessionId(), started.refreshToken()));
  }

  /**
   * The sign-in answer for account {@code userId}, whose identity provider {@code provider} vouched
   * for, into workspace {@code tenantId} (its default one when null): the tokens, or the
   * second-factor challenge when the account has two-factor sign-in on. 403 {@code
   * sign_in_not_allowed} for a disabled account, 429 when the account is locked.
   */
  public LoginResponse signInWithProvider(String userId, String tenantId, String provider) {
    User user = tx.inPlatform(em -> em.find(User.class, userId));
    if (user == null || user.disabled()) {
      if (user != null) {
        List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, user.id()));
        audit.recordFor(
            tenants, user.id(), user.email(), "login.failed", provider + ": account disabled");
      }
      throw new ApiException(
          403, "sign_in_not_allowed", "Forbidden", "This account cannot sign in.");
    }
    refuseWhenLocked(user.email());
    Membership membership =
        tx.inPlatform(
            em ->
                (tenantId == null
                        ? tenancy.defaultMembership(em, user.id())
                        : tenancy.membership(em, tenantId, user.id()))
                    .orElse(null));
    if (membership == null) {
      throw new ApiException(
          403, "sign_in_not_allowed", "Forbidden", "This account belongs to no workspace.");
    }
    if (user.totpEnabled()) {
      audit.recordFor(
          List.of(membership.tenantId()), user.id(), user.email(), "login.mfa_required", provider);
      return twoFactor.challenge(user, tenantId);
    }
    Sessions.Started started = sessions.start(user.id(), membership.tenantId());
    audit.recordFor(
        List.of(membership.tenantId()), user.id(), user.email(), "login.succeeded", provider);
    return LoginResponse.of(tokens(user, membership, started.sessionId(), started.refreshToken()));
  }

  /** 429 when the account of {@code email} had too many failed sign-ins in the window. */
  private void refuseWhenLocked(String email) {
    RateLimiter.Usage failures =
        rateLimiter.peek(
            "login-fail:" + email, config.loginFailuresPerAccount(), config.loginWindow());
    if (failures.count() >= failures.limit()) {
      throw tooManyAttempts(
          new RateLimiter.Usage(
              failures.limit() + 1L, failures.limit(), failures.resetSeconds(), failures.window()),
          "This account is locked after too many failed sign-ins.");
    }
  }

  /**
   * Completes the sign-in of challenge {@code mfaToken} with {@code code} of {@code method}, asked
   * for from {@code ip}: the session's tokens. A wrong code counts toward the account's lockout and
   * the challenge's own limit (401 {@code invalid_code}); an unknown, used or expired challenge is
   * 401 {@code invalid_mfa_token}; 429 when the address or the account is limited.
   */
  public LoginResponse verifySecondFactor(String mfaToken, String method, String code, String ip) {
    RateLimiter.Usage perIp =
        rateLimiter.hit("login-ip:" + ip, config.loginAttemptsPerIp(), config.loginWindow());
    if (perIp.exceeded()) {
      throw tooManyAttempts(perIp, "Too many sign-in attempts from this address.");
    }
    TwoFactor.Challenge challenge = tx.inPlatform(em -> twoFactor.find(em, mfaToken));
    User user = tx.inPlatform(em -> em.find(User.class, challenge.userId()));
    refuseWhenLocked(user.email());
    boolean ok =
        !user.disabled()
            && tx.inPlatform(em -> twoFactor.complete(em, challenge, user, method, code));
    if (!ok) {
      twoFactor.failed(challenge.hash());
      rateLimiter.hit(
          "login-fail:" + user.email(), config.loginFailuresPerAccount(), config.loginWindow());
      List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, user.id()));
      audit.recordFor(
          tenants, user.id(), user.email(), "login.failed", "wrong " + method + " code");
      throw new ApiException(
          401,
          "invalid_code",
          "Unauthorized",
          "The code is wrong, used or expired.",
          List.of(),
          Map.of("WWW-Authenticate", "Bearer realm=\"atelier\""));
    }
    Membership membership =
        tx.inPlatform(
            em ->
                (challenge.tenantId() == null
                        ? tenancy.defaultMembership(em, user.id())
                        : tenancy.membership(em, challenge.tenantId(), user.id()))
                    .orElse(null));
    if (membership == null) {
      throw ApiException.forbidden("This account belongs to no such workspace any more.");
    }
    Sessions.Started started = sessions.start(user.id(), membership.tenantId());
    audit.recordFor(
        List.of(membership.tenantId()), user.id(), user.email(), "login.succeeded", method);
    return LoginResponse.of(tokens(user, membership, started.sessionId(), started.refreshToken()));
  }

  static ProblemException tooManyAttempts(RateLimiter.Usage usage, String detail) {
    return new ApiException(
        429,
        "rate_limited",
        "Too many requests",
        detail + " Retry in " + usage.resetSeconds() + " s.",
        List.of(),
        AuthenticationFilter.headers(usage));
  }

  private Tokens tokens(User user, Membership m, String sessionId, String refreshToken) {
    String access =
        accessTokens.issue(
            user.id(), user.email(), m.tenantId(), sessionId, m.role(), user.superuser());
    return new Tokens(access, "bearer", accessTokens.ttlSeconds(), refreshToken, m.tenantId());
  }

  /**
   * New tokens for {@code refreshToken}, which rotates; a reused one ends its session (401 {@code
   * refresh_token_reused}), an unknown, expired one or one whose account lost access answers 401.
   */
  public Tokens refresh(String refreshToken) {
    Sessions.Rotation rotation = sessions.rotate(refreshToken);
    if (rotation instanceof Sessions.Rotation.Reused reused) {
      User user = tx.inPlatform(em -> em.find(User.class, reused.userId()));
      audit.recordFor(
          List.of(reused.tenantId()),
          user.id(),
          user.email(),
          "session.refresh_reuse_detected",
          "session " + reused.sessionId() + " revoked");
      throw new ApiException(
          401,
          "refresh_token_reused",
          "Unauthorized",
          "This refresh token was already used; the session has been ended for safety.",
          List.of(),
          Map.of());
    }
    if (!(rotation instanceof Sessions.Rotation.Rotated rotated)) {
      throw ApiException.unauthorized("The refresh token is not valid or has expired.");
    }
    record Live(User user, Membership membership) {}
    Live live =
        tx.inPlatform(
            em ->
                new Live(
                    em.find(User.class, rotated.userId()),
                    tenancy.membership(em, rotated.tenantId(), rotated.userId()).orElse(null)));
    if (live.user() == null || live.user().disabled() || live.membership() == null) {
      sessions.revoke(rotated.sessionId(), "access_lost");
      throw ApiException.unauthorized("This account can no longer sign in to this workspace.");
    }
    return tokens(live.user(), live.membership(), rotated.sessionId(), rotated.refreshToken());
  }

  /** Tokens of a new session of {@code userId} in {@code tenantId}; 404 when not a member. */
  public Tokens switchTenant(String userId, String tenantId) {
    record Target(User user, Membership membership) {}
    Target target =
        tx.inPlatform(
            em ->
                new Target(
                    em.find(User.class, userId),
                    tenancy.membership(em, tenantId, userId).orElse(null)));
    if (target.membership() == null) {
      throw ApiException.notFound("The workspace");
    }
    Sessions.Started started = sessions.start(userId, target.membership().tenantId());
    return tokens(target.user(), target.membership(), started.sessionId(), started.refreshToken());
  }
}
