package dev.atelier.core.accounts.providers;

import dev.atelier.core.accounts.Authentication;
import dev.atelier.core.accounts.LoginResponse;
import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.identity.User;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Origins;
import dev.atelier.core.security.PasswordHasher;
import dev.atelier.core.security.Secrets;
import dev.atelier.core.tenancy.Membership;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.core.tenancy.Tenant;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sign-in through a provider: the authorization request (state, nonce and PKCE kept server-side,
 * single use, ten minutes), the callback (the code traded, the identity checked against the
 * provider's allow-list, linked to an account by a verified e-mail address or registered, the
 * workspace role synced from the provider's claims) and the one-time code a client trades for the
 * sign-in answer when the browser went back to the client. The answer is the password sign-in's:
 * tokens, or the second-factor challenge.
 */
@ApplicationScoped
public class ProviderSignIn {

  private static final Logger LOG = Logger.getLogger(ProviderSignIn.class.getName());
  static final Duration STATE_TTL = Duration.ofMinutes(10);
  static final Duration CODE_TTL = Duration.ofMinutes(2);
  private static final PasswordHasher HASHER = new PasswordHasher();

  @Inject SignInProviders providers;
  @Inject ProviderClient client;
  @Inject Transactions tx;
  @Inject Tenancy tenancy;
  @Inject Authentication authentication;
  @Inject Audit audit;
  @Inject Outbox events;
  @Inject MasterKey masterKey;
  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;

  /** The enabled providers. */
  public List<SignInProvider> list() {
    return providers.all();
  }

  /** What happened at a callback: the sign-in answer, or where to send the browser. */
  public sealed interface Outcome {
    /** The sign-in answer itself. */
    record Answer(LoginResponse response) implements Outcome {}

    /** A redirect to the client, carrying the one-time code. */
    record Redirect(URI location) implements Outcome {}

    /** The identity linked to the signed-in account that started the link. */
    record Linked(IdentityView identity) implements Outcome {}
  }

  /**
   * Starts a sign-in at provider {@code providerId} whose answer comes back to {@code callbackUrl}:
   * the provider's URL to send the browser to. {@code redirectUri}, when given, must be on an
   * allowed origin (400 {@code invalid_redirect_uri}); 404 {@code unknown_provider}.
   */
  public URI authorize(String providerId, String redirectUri, String callbackUrl) {
    return authorize(providerId, redirectUri, callbackUrl, null);
  }

  /**
   * Starts linking provider {@code providerId} to the signed-in account {@code userId}: the
   * provider's URL to send the browser to; its callback links the identity instead of signing in.
   */
  public URI authorizeLink(
      String providerId, String redirectUri, String callbackUrl, String userId) {
    return authorize(providerId, redirectUri, callbackUrl, userId);
  }

  private URI authorize(String providerId, String redirectUri, String callbackUrl, String userId) {
    SignInProvider p = provider(providerId);
    if (redirectUri != null && !redirectAllowed(redirectUri)) {
      throw ApiException.badRequest(
          "invalid_redirect_uri",
          "redirect_uri must be an absolute http(s) URL on an origin this server allows"
              + " (ATELIER_AUTH_REDIRECT_ORIGINS or ATELIER_PUBLIC_URL).");
    }
    String endpoint = client.authorizationEndpoint(p);
    String state = Secrets.token(32);
    String nonce = Secrets.token(32);
    String verifier = Secrets.token(48);
    Instant now = Times.now();
    tx.inPlatformDo(
        em -> {
          em.createNativeQuery("DELETE FROM sign_in_states WHERE expires_at < ?")
              .setParameter(1, Timestamp.from(now))
              .executeUpdate();
          em.createNativeQuery(
                  "INSERT INTO sign_in_states (value_hash, kind, provider, nonce, code_verifier,"
                      + " redirect_uri, user_id, created_at, expires_at) VALUES (?, 'state', ?, ?,"
                      + " ?, ?, ?, ?, ?)")
              .setParameter(1, hash("state", state))
              .setParameter(2, p.id())
              .setParameter(3, nonce)
              .setParameter(4, masterKey.encrypt(verifier, "sign-in-pkce"))
              .setParameter(5, redirectUri)
              .setParameter(6, userId)
              .setParameter(7, Timestamp.from(now))
              .setParameter(8, Timestamp.from(now.plus(STATE_TTL)))
              .executeUpdate();
        });
    StringBuilder url = new StringBuilder(endpoint);
    url.append(endpoint.contains("?") ? '&' : '?');
    url.append("response_type=code")
        .append("&client_id=")
        .append(enc(p.clientId()))
        .append("&redirect_uri=")
        .append(enc(callbackUrl))
        .append("&scope=")
        .append(enc(String.join(" ", p.scopes())))
        .append("&state=")
        .append(enc(state))
        .append("&code_challenge=")
        .append(enc(challenge(verifier)))
        .append("&code_challenge_method=S256");
    if (!p.github()) {
      url.append("&nonce=").append(enc(nonce));
    }
    return URI.create(url.toString());
  }

  /**
   * Completes a sign-in at provider {@code providerId} with the {@code code} and {@code state} it
   * sent back to {@code callbackUrl} (or its {@code error}), asked for from {@code ip}.
   */
  public Outcome callback(
      String providerId, String code, String state, String error, String callbackUrl, String ip) {
    limit(ip);
    SignInProvider p = provider(providerId);
    Pending pending =
        tx.inPlatform(em -> claimState(em, p.id(), state))
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "invalid_state",
                        "The sign-in is unknown, used or expired (state); start it again."));
    try {
      return complete(p, pending, code, error, callbackUrl);
    } catch (ProblemException e) {
      if (pending.redirectUri() == null) {
        throw e;
      }
      // the browser came from the client: it goes back there with the error, as OAuth does
      LOG.info("Sign-in at provider '" + p.id() + "' failed: " + e.code());
      return new Outcome.Redirect(withParameter(pending.redirectUri(), "error", e.code()));
    }
  }

  /** The rest of a callback whose state {@code pending} was claimed. */
  private Outcome complete(
      SignInProvider p, Pending pending, String code, String error, String callbackUrl) {
    if (error != null) {
      throw ApiException.badRequest(
          "provider_error", "The provider ended the sign-in: " + abbreviate(error) + ".");
    }
    if (code == null || code.isBlank() || code.length() > 2048) {
      throw ApiException.validation("code", "is required");
    }
    String verifier = masterKey.decrypt(pending.verifier(), "sign-in-pkce");
    ProviderIdentity identity = client.identify(p, code, verifier, callbackUrl, pending.nonce());
    if (pending.userId() != null) {
      IdentityView linked = link(p, identity, pending.userId());
      if (pending.redirectUri() == null) {
        return new Outcome.Linked(linked);
      }
      return new Outcome.Redirect(withParameter(pending.redirectUri(), "linked", p.id()));
    }
    Signed signed = resolve(p, identity);
    if (pending.redirectUri() == null) {
      return new Outcome.Answer(
          authentication.signInWithProvider(signed.userId(), signed.tenantId(), p.id()));
    }
    String oneTime = "atx_" + Secrets.token(32);
    Instant now = Times.now();
    tx.inPlatformDo(
        em ->
            em.createNativeQuery(
                    "INSERT INTO sign_in_states (value_hash, kind, provider, user_id, tenant_id,"
                        + " created_at, expires_at) VALUES (?, 'code', ?, ?, ?, ?, ?)")
                .setParameter(1, hash("code", oneTime))
                .setParameter(2, p.id())
                .setParameter(3, signed.userId())
                .setParameter(4, signed.tenantId())
                .setParameter(5, Timestamp.from(now))
                .setParameter(6, Timestamp.from(now.plus(CODE_TTL)))
                .executeUpdate());
    return new Outcome.Redirect(withParameter(pending.redirectUri(), "code", oneTime));
  }

  /** {@code target} with the query parameter {@code name=value} added. */
  private static URI withParameter(String target, String name, String value) {
    return URI.create(target + (target.contains("?") ? "&" : "?") + name + "=" + enc(value));
  }

  /**
   * The sign-in answer for one-time {@code code} from a callback's redirect, asked for from {@code
   * ip}; 400 {@code invalid_code} when it is unknown, used or expired.
   */
  public LoginResponse exchange(String code, String ip) {
    limit(ip);
    record Claimed(String provider, String userId, String tenantId) {}
    Optional<Claimed> claimed =
        code == null || code.length() > 100 || !code.startsWith("atx_")
            ? Optional.empty()
            : tx.inPlatform(
                em ->
                    claim(em, "code", hash("code", code), null, "provider, user_id, tenant_id")
                        .map(r -> new Claimed((String) r[0], (String) r[1], (String) r[2])));
    Claimed c =
        claimed.orElseThrow(
            () ->
                ApiException.badRequest(
                    "invalid_code", "The sign-in code is unknown, used or expired."));
    if (c.userId() == null) {
      throw ApiException.badRequest(
          "invalid_code", "The sign-in code is unknown, used or expired.");
    }
    return authentication.signInWithProvider(c.userId(), c.tenantId(), c.provider());
  }

  private record Pending(String nonce, String verifier, String redirectUri, String userId) {}

  private Optional<Pending> claimState(EntityManager em, String provider, String state) {
    if (state == null || state.isBlank() || state.length() > 100) {
      return Optional.empty();
    }
    return claim(
            em,
            "state",
            hash("state", state),
            provider,
            "nonce, code_verifier, redirect_uri, user_id")
        .map(r -> new Pending((String) r[0], (String) r[1], (String) r[2], (String) r[3]));
  }

  /**
   * Marks the unused, unexpired row of {@code kind} with {@code hash} (and {@code provider} when
   * not null) used, once however many ask at the same time, and reads its {@code columns}; empty
   * when there is no such row or another caller claimed it first.
   */
  private static Optional<Object[]> claim(
      EntityManager em, String kind, String hash, String provider, String columns) {
    Timestamp now = Timestamp.from(Times.now());
    var update =
        em.createNativeQuery(
                "UPDATE sign_in_states SET used_at = ? WHERE value_hash = ? AND kind = ? AND"
                    + " used_at IS NULL AND expires_at > ?"
                    + (provider == null ? "" : " AND provider = ?"))
            .setParameter(1, now)
            .setParameter(2, hash)
            .setParameter(3, kind)
            .setParameter(4, now);
    if (provider != null) {
      update.setParameter(5, provider);
    }
    if (update.executeUpdate() != 1) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("SELECT " + columns + " FROM sign_in_states WHERE value_hash = ?")
            .setParameter(1, hash)
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    return rows.stream().findFirst();
  }

  /** The account signing in and the workspace to sign in to (null: its default one). */
  private record Signed(String userId, String email, String tenantId, List<String> tenants) {}

  private record Change(String action, String detail) {}

  /**
   * The account of {@code identity}: the one linked to its subject, else the one of its verified
   * address (linked now, unless its owner chose a password: 409 {@code link_requires_sign_in}),
   * else a new one when registration is open, the provider registers, or it is bound to a
   * workspace; its role in the provider's workspace synced. 403 {@code email_not_verified} or
   * {@code sign_in_not_allowed} otherwise.
   */
  private Signed resolve(SignInProvider p, ProviderIdentity identity) {
    if (identity.subject() == null || identity.subject().isBlank()) {
      throw ProviderClient.providerError(p, "The provider named no subject.");
    }
    String email =
        identity.email() == null || !identity.email().contains("@")
            ? null
            : User.normalizeEmail(identity.email());
    if (email == null || email.length() > 254) {
      throw emailNotVerified("The provider gave no usable e-mail address.");
    }
    if (!p.allows(email)) {
      audit.recordFor(
          List.of(), null, email, "login.failed", p.id() + ": address not allowed by the provider");
      throw notAllowed("This address may not sign in through " + p.name() + ".");
    }
    List<Change> changes = new ArrayList<>();
    Signed signed =
        tx.inPlatform(
            em -> {
              String userId = linkedUser(em, p.id(), identity.subject());
              Instant now = Times.now();
              if (userId != null) {
                em.createNativeQuery(
                        "UPDATE user_identities SET email = ?, last_sign_in = ? WHERE provider = ?"
                            + " AND subject = ?")
                    .setParameter(1, email)
                    .setParameter(2, Timestamp.from(now))
                    .setParameter(3, p.id())
                    .setParameter(4, identity.subject())
                    .executeUpdate();
              } else {
                if (!identity.emailVerified()) {
                  throw emailNotVerified(
                      "The provider has not verified this address, so it cannot sign in here.");
                }
                User user =
                    em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                        .setParameter("e", email)
                        .getResultStream()
                        .findFirst()
                        .orElse(null);
                if (user == null) {
                  if (!config.registrationEnabled() && !p.autoRegister() && p.tenant() == null) {
                    throw notAllowed("This server does not register new accounts.");
                  }
                  String name =
                      identity.name() == null || identity.name().isBlank()
                          ? email.substring(0, email.indexOf('@'))
                          : abbreviate(identity.name().trim());
                  user = new User(email, name, HASHER.hash(Secrets.token(32)));
                  user.markEmailVerified();
                  user.markPasswordUnchosen();
                  em.persist(user);
                  Transactions.flush(
                      em,
                      () ->
                          ApiException.conflict(
                              "email_taken",
                              "An account with this e-mail address already exists."));
                  tenancy.create(em, user.name(), null, true, user.id());
                  changes.add(new Change("user.registered", p.id()));
                } else if (user.passwordChosen()) {
                  throw linkRequiresSignIn(p);
                } else if (!user.emailVerified()) {
                  // the provider vouched for the address: the account's owner controls it
                  user.markEmailVerified();
                }
                userId = user.id();
                em.createNativeQuery(
                        "INSERT INTO user_identities (id, user_id, provider, subject, email,"
                            + " created_at, last_sign_in) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .setParameter(1, UUID.randomUUID().toString())
                    .setParameter(2, userId)
                    .setParameter(3, p.id())
                    .setParameter(4, identity.subject())
                    .setParameter(5, email)
                    .setParameter(6, Timestamp.from(now))
                    .setParameter(7, Timestamp.from(now))
                    .executeUpdate();
                changes.add(new Change("user.identity_linked", p.id()));
              }
              String tenantId = sync(em, p, userId, identity, changes);
              User user = em.find(User.class, userId);
              return new Signed(userId, user.email(), tenantId, tenancy.tenantIdsOf(em, userId));
            });
    for (Change c : changes) {
      audit.recordFor(signed.tenants(), signed.userId(), signed.email(), c.action(), c.detail());
    }
    return signed;
  }

  /**
   * Links {@code identity} at {@code p} to the signed-in account {@code userId} that started the
   * link: 409 {@code identity_taken} when it belongs to another account, {@code
   * provider_already_linked} when the account has another identity there.
   */
  private IdentityView link(SignInProvider p, ProviderIdentity identity, String userId) {
    if (identity.subject() == null || identity.subject().isBlank()) {
      throw ProviderClient.providerError(p, "The provider named no subject.");
    }
    String email =
        identity.email() == null || !identity.email().contains("@")
            ? null
            : User.normalizeEmail(identity.email());
    if (email == null || email.length() > 254) {
      throw emailNotVerified("The provider gave no usable e-mail address.");
    }
    if (!p.allows(email)) {
      throw notAllowed("This address may not sign in through " + p.name() + ".");
    }
    record Done(IdentityView view, boolean created, String email, List<String> tenants) {}
    Done done =
        tx.inPlatform(
            em -> {
              User user = em.find(User.class, userId);
              if (user == null || user.disabled()) {
                throw notAllowed("The account that started the link cannot sign in.");
              }
              String owner = linkedUser(em, p.id(), identity.subject());
              Timestamp now = Timestamp.from(Times.now());
              boolean created = false;
              if (owner != null && !owner.equals(userId)) {
                throw ApiException.conflict(
                    "identity_taken",
                    "This " + p.name() + " account is linked to another account here.");
              } else if (owner != null) {
                em.createNativeQuery(
                        "UPDATE user_identities SET email = ?, last_sign_in = ? WHERE provider = ?"
                            + " AND subject = ?")
                    .setParameter(1, email)
                    .setParameter(2, now)
                    .setParameter(3, p.id())
                    .setParameter(4, identity.subject())
                    .executeUpdate();
              } else {
                if (identities(em, userId).stream().anyMatch(i -> i.provider().equals(p.id()))) {
                  throw ApiException.conflict(
                      "provider_already_linked",
                      "Your account is linked to another "
                          + p.name()
                          + " account; unlink it first.");
                }
                em.createNativeQuery(
                        "INSERT INTO user_identities (id, user_id, provider, subject, email,"
                            + " created_at, last_sign_in) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .setParameter(1, UUID.randomUUID().toString())
                    .setParameter(2, userId)
                    .setParameter(3, p.id())
                    .setParameter(4, identity.subject())
                    .setParameter(5, email)
                    .setParameter(6, now)
                    .setParameter(7, now)
                    .executeUpdate();
                created = true;
              }
              IdentityView view =
                  identities(em, userId).stream()
                      .filter(i -> i.provider().equals(p.id()))
                      .findFirst()
                      .orElseThrow();
              return new Done(view, created, user.email(), tenancy.tenantIdsOf(em, userId));
            });
    if (done.created()) {
      audit.recordFor(
          done.tenants(), userId, done.email(), "user.identity_linked", p.id() + ": signed in");
    }
    return done.view();
  }

  /** The identities linked to account {@code userId}, by provider. */
  public List<IdentityView> identities(String userId) {
    return tx.inPlatform(em -> identities(em, userId));
  }

  private static List<IdentityView> identities(EntityManager em, String userId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT provider, subject, email, created_at, last_sign_in FROM user_identities"
                    + " WHERE user_id = ? ORDER BY provider, created_at")
            .setParameter(1, userId)
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new IdentityView(
                    (String) r[0], (String) r[1], (String) r[2], instant(r[3]), instant(r[4])))
        .toList();
  }

  private static Instant instant(Object v) {
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof Instant i) {
      return i;
    }
    return v == null ? null : Timestamp.valueOf(v.toString()).toInstant();
  }

  /**
   * Unlinks the identity at {@code providerId} from account {@code userId}: 404 {@code
   * identity_not_found} when none is linked; 409 {@code last_sign_in_method} when it is the only
   * way to sign in (no chosen password, no other identity).
   */
  public void unlink(String userId, String providerId) {
    if (providerId == null || !providerId.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw notLinked(providerId);
    }
    record Done(String email, List<String> tenants) {}
    Done done =
        tx.inPlatform(
            em -> {
              User user = em.find(User.class, userId);
              List<IdentityView> all = identities(em, userId);
              if (all.stream().noneMatch(i -> i.provider().equals(providerId))) {
                throw notLinked(providerId);
              }
              if (!user.passwordChosen()
                  && all.stream().noneMatch(i -> !i.provider().equals(providerId))) {
                throw ApiException.conflict(
                    "last_sign_in_method",
                    "This is the only way to sign in to your account: set a password (forgot"
                        + " password) or link another provider first.");
              }
              em.createNativeQuery("DELETE FROM user_identities WHERE user_id = ? AND provider = ?")
                  .setParameter(1, userId)
                  .setParameter(2, providerId)
                  .executeUpdate();
              return new Done(user.email(), tenancy.tenantIdsOf(em, userId));
            });
    audit.recordFor(done.tenants(), userId, done.email(), "user.identity_unlinked", providerId);
  }

  private static ApiException notLinked(String providerId) {
    return new ApiException(
        404,
        "identity_not_found",
        "Not Found",
        "No identity at '" + abbreviate(providerId) + "' is linked to your account.");
  }

  private static String linkedUser(EntityManager em, String provider, String subject) {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "SELECT user_id FROM user_identities WHERE provider = ? AND subject = ?")
            .setParameter(1, provider)
            .setParameter(2, subject)
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    return rows.isEmpty() ? null : (String) rows.get(0);
  }

  /**
   * Joins the provider's workspace with the role its claims map to, or brings the role up to date;
   * the workspace's id, or null when the provider is bound to none.
   */
  private String sync(
      EntityManager em,
      SignInProvider p,
      String userId,
      ProviderIdentity identity,
      List<Change> changes) {
    if (p.tenant() == null) {
      return null;
    }
    Tenant tenant =
        Optional.ofNullable(em.find(Tenant.class, p.tenant()))
            .or(
                () ->
                    em.createQuery("SELECT t FROM Tenant t WHERE t.slug = :s", Tenant.class)
                        .setParameter("s", p.tenant())
                        .getResultStream()
                        .findFirst())
            .orElse(null);
    if (tenant == null) {
      LOG.warning(
          "Sign-in provider '" + p.id() + "' names workspace '" + p.tenant() + "', which is gone");
      return null;
    }
    Role role = mappedRole(p, identity.claims());
    Optional<Membership> current = tenancy.membership(em, tenant.id(), userId);
    if (current.isEmpty()) {
      em.persist(new Membership(tenant.id(), userId, role));
      events.publish(CoreEvents.MEMBER_ADDED, tenant.id(), userId, Map.of("role", role.wire()));
      changes.add(new Change("member.joined_by_provider", p.id() + ": " + role.wire()));
    } else if (p.roleClaim() != null && current.get().role() != role) {
      Membership m = current.get();
      Tenancy.lock(em, tenant.id());
      if (m.role() == Role.ADMIN && tenancy.adminCount(em, tenant.id()) <= 1) {
        LOG.warning(
            "Sign-in provider '" + p.id() + "' would demote the last admin of a workspace; kept");
      } else {
        m.changeRole(role);
        events.publish(
            CoreEvents.MEMBER_ROLE_CHANGED, tenant.id(), userId, Map.of("role", role.wire()));
        changes.add(new Change("member.role_synced", p.id() + ": " + role.wire()));
      }
    }
    return tenant.id();
  }

  /** The highest role the values of the provider's role claim map to, else its default role. */
  static Role mappedRole(SignInProvider p, Map<String, Object> claims) {
    Role best = null;
    if (p.roleClaim() != null) {
      for (String value : claimValues(claims, p.roleClaim())) {
        Role r = p.roleMapping().get(value);
        if (r != null && (best == null || r.atLeast(best))) {
          best = r;
        }
      }
    }
    return best == null ? p.defaultRole() : best;
  }

  /** The string values at a dotted claim path (a string, or a list of them). */
  static List<String> claimValues(Map<String, Object> claims, String path) {
    Object at = claims;
    for (String part : path.split("\\.")) {
      if (!(at instanceof Map<?, ?> m)) {
        return List.of();
      }
      at = m.get(part);
    }
    if (at instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    if (at instanceof Collection<?> c) {
      for (Object o : c) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private SignInProvider provider(String id) {
    return providers
        .find(id)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "unknown_provider",
                    "Not Found",
                    "No sign-in provider '" + abbreviate(id) + "'."));
  }

  private void limit(String ip) {
    RateLimiter.Usage perIp =
        rateLimiter.hit("login-ip:" + ip, config.loginAttemptsPerIp(), config.loginWindow());
    if (perIp.exceeded()) {
      throw new ApiException(
          429,
          "rate_limited",
          "Too many requests",
          "Too many sign-in attempts from this address. Retry in " + perIp.resetSeconds() + " s.",
          List.of(),
          Map.of("Retry-After", Long.toString(perIp.resetSeconds())));
    }
  }

  /** Whether the browser may be sent back to {@code uri}. */
  boolean redirectAllowed(String uri) {
    URI u;
    try {
      u = new URI(uri);
    } catch (Exception e) {
      return false;
    }
    if (u.getScheme() == null
        || u.getHost() == null
        || u.getRawUserInfo() != null
        || u.getRawFragment() != null
        || uri.length() > 2000
        || !List.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))) {
      return false;
    }
    String origin = u.getScheme() + "://" + u.getRawAuthority();
    List<String> allowed = new ArrayList<>(redirectOrigins());
    URI pub = URI.create(config.publicUrl());
    allowed.add(pub.getScheme() + "://" + pub.getRawAuthority());
    allowed.removeIf("*"::equals);
    return Origins.listed(origin, allowed);
  }

  private static List<String> redirectOrigins() {
    return ConfigProvider.getConfig()
        .getOptionalValue("atelier.auth.redirect-origins", String.class)
        .stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .toList();
  }

  private String hash(String kind, String value) {
    return masterKey.keyedHash("sign-in-" + kind + ":" + value);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String v) {
    String s = v == null ? "" : v.replaceAll("\\p{Cntrl}", "");
    return s.length() > 100 ? s.substring(0, 100) : s;
  }

  static ApiException linkRequiresSignIn(SignInProvider p) {
    return new ApiException(
        409,
        "link_requires_sign_in",
        "Conflict",
        "An account with this address exists and has a password: sign in with your password and"
            + " link "
            + p.name()
            + " from your account (POST /api/v1/users/me/identities/"
            + p.id()
            + ").");
  }

  static ApiException emailNotVerified(String detail) {
    return new ApiException(403, "email_not_verified", "Forbidden", detail);
  }

  static ApiException notAllowed(String detail) {
    return new ApiException(403, "sign_in_not_allowed", "Forbidden", detail);
  }
}
