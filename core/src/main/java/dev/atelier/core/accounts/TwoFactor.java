package dev.atelier.core.accounts;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.identity.Totp;
import dev.atelier.core.identity.User;
import dev.atelier.core.mail.Mailer;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
import dev.atelier.core.tenancy.Tenancy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two-factor sign-in: enrolling TOTP (a secret confirmed by a first code, then ten single-use
 * recovery codes), turning it off, a superuser's reset; and the sign-in challenges a password
 * sign-in of such an account gets, completed with a TOTP code (each accepted once), a recovery code
 * or a code sent by mail.
 */
@ApplicationScoped
public class TwoFactor {

  static final String ISSUER = "Atelier";
  static final int RECOVERY_CODE_COUNT = 10;
  static final Duration CHALLENGE_TTL = Duration.ofMinutes(10);
  static final Duration EMAIL_CODE_TTL = Duration.ofMinutes(10);

  /** Wrong codes after which a challenge ends (the account's lockout counts them too). */
  static final int CHALLENGE_FAILURES = 5;

  static final String TOTP = "totp";
  static final String EMAIL = "email";
  static final String RECOVERY_CODE = "recovery_code";
  static final List<String> METHODS = List.of(TOTP, EMAIL, RECOVERY_CODE);

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Transactions tx;
  @Inject MasterKey masterKey;
  @Inject Mailer mailer;
  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;
  @Inject Tenancy tenancy;
  @Inject Audit audit;

  // --- Enrolment ---

  /** Starts (or starts again) the TOTP enrolment of {@code userId}; 409 when it is in force. */
  public TotpEnrolment enrol(String userId) {
    byte[] secret = Totp.newSecret();
    String base32 = Totp.base32(secret);
    String email =
        tx.inPlatform(
            em -> {
              User user = em.find(User.class, userId);
              if (user.totpEnabled()) {
                throw alreadyEnabled();
              }
              user.startTotp(masterKey.encrypt(base32, context(userId)));
              return user.email();
            });
    String uri = Totp.uri(ISSUER, email, secret);
    return new TotpEnrolment(base32, uri, Base64.getEncoder().encodeToString(QrCodes.png(uri)));
  }

  /**
   * Confirms the enrolment of {@code userId} with a current {@code code}: two-factor sign-in is
   * then in force, and the ten recovery codes (shown only now) replace any earlier ones.
   */
  public RecoveryCodes confirm(String userId, String code) {
    record Confirmed(String email, List<String> codes) {}
    Confirmed confirmed =
        tx.inPlatform(
            em -> {
              User user = em.find(User.class, userId);
              if (user.totpEnabled()) {
                throw alreadyEnabled();
              }
              if (user.totpSecret() == null) {
                throw ApiException.conflict(
                    "no_enrolment", "Start with POST /api/v1/users/me/2fa/totp first.");
              }
              long step = Totp.match(secret(user), code, Instant.now(), -1);
              if (step < 0) {
                throw ApiException.validation(
                    "code", "is not the current code of your authenticator");
              }
              user.enableTotp(step);
              return new Confirmed(user.email(), newRecoveryCodes(em, userId));
            });
    record(userId, confirmed.email(), "user.2fa_enabled", "totp");
    return new RecoveryCodes(confirmed.codes());
  }

  /**
   * Turns two-factor sign-in of {@code userId} off, given the password and a current TOTP or
   * recovery code (each wrong one counts toward the account's lockout); 409 when it is off.
   */
  public void disable(String userId, String password, String code) {
    User user = tx.inPlatform(em -> em.find(User.class, userId));
    String failures = "login-fail:" + user.email();
    if (locked(failures)) {
      throw Authentication.tooManyAttempts(
          lockout(failures), "This account is locked after too many failed attempts.");
    }
    if (!user.totpEnabled()) {
      throw ApiException.conflict(
          "two_factor_not_enabled", "Two-factor sign-in is not on for your account.");
    }
    boolean passwordOk = Users.HASHER.verify(password, user.passwordHash());
    boolean done =
        passwordOk
            && tx.inPlatform(
                em -> {
                  User u = em.find(User.class, userId);
                  boolean ok = useTotp(em, u, code) || useRecoveryCode(em, userId, code);
                  if (ok) {
                    u.disableTotp();
                    deleteRecoveryCodes(em, userId);
                  }
                  return ok;
                });
    if (!done) {
      rateLimiter.hit(failures, config.loginFailuresPerAccount(), config.loginWindow());
      record(userId, user.email(), "user.2fa_disable_failed", null);
      throw ApiException.validation(
          passwordOk ? "code" : "password",
          passwordOk ? "is not a current code or an unused recovery code" : "is not your password");
    }
    record(userId, user.email(), "user.2fa_disabled", null);
  }

  /**
   * A superuser's reset: two-factor sign-in of {@code userId} is off, its recovery codes and
   * pending sign-ins gone (recorded in the user's workspaces); 404 when there is no such user.
   */
  public void reset(String userId, String superuserId, String superuserEmail) {
    String email =
        tx.inPlatform(
            em -> {
              User user = userId.length() > 36 ? null : em.find(User.class, userId);
              if (user == null) {
                throw ApiException.notFound("The user");
              }
              user.disableTotp();
              deleteRecoveryCodes(em, userId);
              em.createNativeQuery("DELETE FROM mfa_challenges WHERE user_id = ?")
                  .setParameter(1, userId)
                  .executeUpdate();
              return user.email();
            });
    List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, userId));
    audit.recordFor(
        tenants,
        superuserId,
        superuserEmail,
        "user.2fa_reset",
        "for " + email + " (" + userId + ")");
  }

  // --- Sign-in ---

  /** What a challenge knows once found. */
  record Challenge(String hash, String userId, String tenantId, boolean emailCodeValid) {}

  /**
   * A new sign-in challenge for {@code user} into {@code tenantId} (null: the default workspace):
   * the {@code mfa_token} and the methods it accepts.
   */
  LoginResponse challenge(User user, String tenantId) {
    String token = "atm_" + Secrets.token(32);
    Instant now = Times.now();
    tx.inPlatformDo(
        em ->
            em.createNativeQuery(
                    "INSERT INTO mfa_challenges (token_hash, user_id, tenant_id, created_at,"
                        + " expires_at, failures) VALUES (?, ?, ?, ?, ?, 0)")
                .setParameter(1, challengeHash(token))
                .setParameter(2, user.id())
                .setParameter(3, tenantId)
                .setParameter(4, Timestamp.from(now))
                .setParameter(5, Timestamp.from(now.plus(CHALLENGE_TTL)))
                .executeUpdate());
    return LoginResponse.mfa(token, methods(user));
  }

  static List<String> methods(User user) {
    List<String> methods = new ArrayList<>(List.of(TOTP));
    if (user.emailVerified()) {
      methods.add(EMAIL);
    }
    methods.add(RECOVERY_CODE);
    return methods;
  }

  /** The live challenge of {@code token}, or 401 {@code invalid_mfa_token}. */
  Challenge find(EntityManager em, String token) {
    if (token == null || !token.startsWith("atm_") || token.length() > 100) {
      throw invalidChallenge();
    }
    String hash = challengeHash(token);
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT user_id, tenant_id, email_code_until FROM mfa_challenges"
                    + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
            .setParameter(1, hash)
            .setParameter(2, Timestamp.from(Times.now()))
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    if (rows.isEmpty()) {
      throw invalidChallenge();
    }
    Object[] r = rows.get(0);
    Instant until = r[2] == null ? null : toInstant(r[2]);
    return new Challenge(
        hash, (String) r[0], (String) r[1], until != null && until.isAfter(Times.now()));
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalStateException("Unexpected time " + value.getClass());
  }

  /**
   * Checks {@code code} of {@code method} for the challenge's user in {@code em}'s unit of work,
   * using it up (a TOTP step, a recovery code) and ending the challenge when right.
   */
  boolean complete(EntityManager em, Challenge challenge, User user, String method, String code) {
    boolean ok =
        switch (method) {
          case TOTP -> useTotp(em, user, code);
          case RECOVERY_CODE -> useRecoveryCode(em, user.id(), code);
          case EMAIL ->
              user.emailVerified()
                  && challenge.emailCodeValid()
                  && emailCodeMatches(em, challenge, code);
          default -> false;
        };
    if (!ok) {
      return false;
    }
    int ended =
        em.createNativeQuery(
                "UPDATE mfa_challenges SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")
            .setParameter(1, Timestamp.from(Times.now()))
            .setParameter(2, challenge.hash())
            .executeUpdate();
    if (ended != 1) {
      throw invalidChallenge(); // completed concurrently
    }
    return true;
  }

  /** Counts a wrong code against the challenge, which ends after {@link #CHALLENGE_FAILURES}. */
  void failed(String challengeHash) {
    tx.inPlatformDo(
        em ->
            em.createNativeQuery(
                    "UPDATE mfa_challenges SET failures = failures + 1, used_at = CASE WHEN"
                        + " failures + 1 >= ? THEN ? ELSE used_at END WHERE token_hash = ?")
                .setParameter(1, CHALLENGE_FAILURES)
                .setParameter(2, Timestamp.from(Times.now()))
                .setParameter(3, challengeHash)
                .executeUpdate());
  }

  /** Mails a new sign-in code for the challenge of {@code token}; 429 after too many. */
  public void sendEmailCode(String token) {
    record Target(User user, String hash) {}
    Target target =
        tx.inPlatform(
            em -> {
              Challenge c = find(em, token);
              return new Target(em.find(User.class, c.userId()), c.hash());
            });
    User user = target.user();
    if (!user.emailVerified()) {
      throw ApiException.conflict(
          "email_not_verified",
          "This account's e-mail address is not verified: use another method.");
    }
    RateLimiter.Usage usage =
        rateLimiter.hit(
            "mfa-mail:" + user.id(), config.passwordResetsPerWindow(), config.loginWindow());
    if (usage.exceeded()) {
      throw new ApiException(
          429,
          "rate_limited",
          "Too many requests",
          "Too many sign-in codes by mail. Retry in " + usage.resetSeconds() + " s.",
          List.of(),
          AuthenticationFilter.headers(usage));
    }
    String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
    tx.inPlatformDo(
        em -> {
          em.createNativeQuery(
                  "UPDATE mfa_challenges SET email_code_hash = ?, email_code_until = ?"
                      + " WHERE token_hash = ? AND used_at IS NULL")
              .setParameter(1, emailCodeHash(target.hash(), code))
              .setParameter(2, Timestamp.from(Times.now().plus(EMAIL_CODE_TTL)))
              .setParameter(3, target.hash())
              .executeUpdate();
          mailer.queue(
              user.email(),
              "sign-in-code",
              Map.of(
                  "name",
                  user.name(),
                  "code",
                  code,
                  "minutes",
                  Long.toString(EMAIL_CODE_TTL.toMinutes())));
        });
  }

  // --- Codes ---

  /** Uses TOTP {@code code} of {@code user}: right, and of a later step than any used before. */
  private boolean useTotp(EntityManager em, User user, String code) {
    if (!user.totpEnabled() || user.totpSecret() == null) {
      return false;
    }
    long step = Totp.match(secret(user), code, Instant.now(), user.totpLastStep());
    if (step < 0) {
      return false;
    }
    // a concurrent use of the same code (or a later one) wins; this one is then refused
    int claimed =
        em.createNativeQuery(
                "UPDATE users SET totp_last_step = ? WHERE id = ?"
                    + " AND (totp_last_step IS NULL OR totp_last_step < ?)")
            .setParameter(1, step)
            .setParameter(2, user.id())
            .setParameter(3, step)
            .executeUpdate();
    if (claimed == 1) {
      user.useTotpStep(step);
    }
    return claimed == 1;
  }

  private boolean useRecoveryCode(EntityManager em, String userId, String code) {
    String normalized = normalizeRecoveryCode(code);
    if (normalized == null) {
      return false;
    }
    return em.createNativeQuery(
                "UPDATE recovery_codes SET used_at = ? WHERE code_hash = ? AND user_id = ?"
                    + " AND used_at IS NULL")
            .setParameter(1, Timestamp.from(Times.now()))
            .setParameter(2, recoveryHash(userId, normalized))
            .setParameter(3, userId)
            .executeUpdate()
        == 1;
  }

  private boolean emailCodeMatches(EntityManager em, Challenge c, String code) {
    if (code == null || !code.matches("[0-9]{6}")) {
      return false;
    }
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery("SELECT email_code_hash FROM mfa_challenges WHERE token_hash = ?")
            .setParameter(1, c.hash())
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    return !rows.isEmpty()
        && rows.get(0) != null
        && java.security.MessageDigest.isEqual(
            ((String) rows.get(0)).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            emailCodeHash(c.hash(), code).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private List<String> newRecoveryCodes(EntityManager em, String userId) {
    deleteRecoveryCodes(em, userId);
    List<String> codes = new ArrayList<>();
    Timestamp now = Timestamp.from(Times.now());
    while (codes.size() < RECOVERY_CODE_COUNT) {
      String raw = Secrets.alphanumeric(10).toLowerCase(Locale.ROOT);
      String shown = raw.substring(0, 5) + "-" + raw.substring(5);
      if (codes.contains(shown)) {
        continue;
      }
      em.createNativeQuery(
              "INSERT INTO recovery_codes (code_hash, user_id, created_at) VALUES (?, ?, ?)")
          .setParameter(1, recoveryHash(userId, raw))
          .setParameter(2, userId)
          .setParameter(3, now)
          .executeUpdate();
      codes.add(shown);
    }
    return codes;
  }

  private static void deleteRecoveryCodes(EntityManager em, String userId) {
    em.createNativeQuery("DELETE FROM recovery_codes WHERE user_id = ?")
        .setParameter(1, userId)
        .executeUpdate();
  }

  /** A recovery code as stored (lower case, without the dash and spaces), or null if malformed. */
  static String normalizeRecoveryCode(String code) {
    if (code == null || code.length() > 20) {
      return null;
    }
    String n = code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    return n.matches("[a-z0-9]{10}") ? n : null;
  }

  private byte[] secret(User user) {
    return Totp.fromBase32(masterKey.decrypt(user.totpSecret(), context(user.id())));
  }

  private static String context(String userId) {
    return "totp:" + userId;
  }

  private String recoveryHash(String userId, String normalized) {
    return masterKey.keyedHash("recovery:" + userId + ":" + normalized);
  }

  private String challengeHash(String token) {
    return masterKey.keyedHash("mfa:" + token);
  }

  private String emailCodeHash(String challengeHash, String code) {
    return masterKey.keyedHash("mfa-email:" + challengeHash + ":" + code);
  }

  private boolean locked(String bucket) {
    RateLimiter.Usage u =
        rateLimiter.peek(bucket, config.loginFailuresPerAccount(), config.loginWindow());
    return u.count() >= u.limit();
  }

  private RateLimiter.Usage lockout(String bucket) {
    RateLimiter.Usage u =
        rateLimiter.peek(bucket, config.loginFailuresPerAccount(), config.loginWindow());
    return new RateLimiter.Usage(u.limit() + 1L, u.limit(), u.resetSeconds(), u.window());
  }

  private void record(String userId, String email, String action, String detail) {
    List<String> tenants = tx.inPlatform(em -> tenancy.tenantIdsOf(em, userId));
    audit.recordFor(tenants, userId, email, action, detail);
  }

  static ApiException alreadyEnabled() {
    return new ApiException(
        409,
        "two_factor_enabled",
        "Conflict",
        "Two-factor sign-in is already on for your account.");
  }

  static ApiException invalidChallenge() {
    return new ApiException(
        401,
        "invalid_mfa_token",
        "Unauthorized",
        "The sign-in is unknown, complete or expired: sign in with your password again.",
        List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"atelier\""));
  }
}
