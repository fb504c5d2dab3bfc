package dev.atelier.core.identity;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.AccessTokens;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PasswordHasher;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.core.security.SigningKeys;
import dev.atelier.core.tenancy.Membership;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.core.tenancy.Tenant;
import dev.atelier.core.tenancy.TenantsResource.TenantView;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Registration, sign-in, token refresh and sign-out, tenant switching and the JWK set. */
@Path("api/v1")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Auth")
public class AuthResource {

  @Inject Transactions tx;
  @Inject Tenancy tenancy;
  @Inject Sessions sessions;
  @Inject AccessTokens accessTokens;
  @Inject SigningKeys signingKeys;
  @Inject Caller caller;
  @Inject Audit audit;
  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;

  private static final PasswordHasher HASHER = new PasswordHasher();

  public record RegisterRequest(String email, String password, String name) {}

  public record LoginRequest(String email, String password, String tenantId) {}

  public record RefreshRequest(String refreshToken) {}

  public record SwitchTenantRequest(String tenantId) {}

  public record UserView(
      String id,
      String email,
      String name,
      boolean superuser,
      boolean disabled,
      Instant createdAt,
      Instant updatedAt) {
    public static UserView of(User u) {
      return new UserView(
          u.id(), u.email(), u.name(), u.superuser(), u.disabled(), u.createdAt(), u.updatedAt());
    }
  }

  public record Registered(UserView user, TenantView tenant) {}

  public record Tokens(
      String accessToken, String tokenType, long expiresIn, String refreshToken, String tenantId) {}

  @POST
  @Path("auth/register")
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(summary = "Create an account and its personal workspace")
  public Response register(RegisterRequest body) {
    if (!config.registrationEnabled()) {
      throw ApiException.forbidden("Registration is closed on this server.");
    }
    Check check = Check.body(body).email("email", body.email()).text("name", body.name(), 200);
    PasswordPolicy.check(check, "password", body.password(), body.email());
    check.done();
    String hash = HASHER.hash(body.password());
    Registered registered =
        tx.inPlatform(
            em -> {
              String email = User.normalizeEmail(body.email());
              if (emailTaken(em, email)) {
                throw emailTakenConflict();
              }
              User user = new User(email, body.name().trim(), hash);
              em.persist(user);
              // a concurrent registration of the same address loses here with 409, not 500
              Transactions.flush(em, AuthResource::emailTakenConflict);
              Tenant tenant = tenancy.create(em, user.name(), null, true, user.id());
              return new Registered(UserView.of(user), TenantView.of(tenant, "admin"));
            });
    audit.recordFor(
        List.of(registered.tenant().id()),
        registered.user().id(),
        registered.user().email(),
        "user.registered",
        null);
    return Response.status(201).entity(registered).build();
  }

  static ProblemException emailTakenConflict() {
    return ApiException.conflict(
        "email_taken", "An account with this e-mail address already exists.");
  }

  static boolean emailTaken(jakarta.persistence.EntityManager em, String email) {
    return em.createQuery("SELECT COUNT(u) FROM User u WHERE u.email = :e", Long.class)
            .setParameter("e", email)
            .getSingleResult()
        > 0;
  }

  @POST
  @Path("auth/login")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(summary = "Sign in with e-mail and password (JSON)")
  public Tokens login(LoginRequest body) {
    Check.body(body).required("email", body.email()).required("password", body.password()).done();
    return signIn(body.email(), body.password(), body.tenantId());
  }

  @POST
  @Path("auth/login")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @PublicEndpoint
  @Operation(summary = "Sign in with username (e-mail) and password (form, OAuth2 password style)")
  public Tokens loginForm(
      @FormParam("username") String username, @FormParam("password") String password) {
    Check.start().required("username", username).required("password", password).done();
    return signIn(username, password, null);
  }

  private Tokens signIn(String rawEmail, String password, String tenantId) {
    String email = rawEmail.trim().toLowerCase(Locale.ROOT);
    if (email.length() > 254 || password.length() > 1024) {
      throw ApiException.unauthorized("Wrong e-mail or password.");
    }
    RateLimiter.Usage perIp =
        rateLimiter.hit(
            "login-ip:" + caller.ip(), config.loginAttemptsPerIp(), config.loginWindow());
    if (perIp.exceeded()) {
      throw tooManyAttempts(perIp, "Too many sign-in attempts from this address.");
    }
    RateLimiter.Usage failures =
        rateLimiter.peek(
            "login-fail:" + email, config.loginFailuresPerAccount(), config.loginWindow());
    if (failures.count() >= failures.limit()) {
      throw tooManyAttempts(
          new RateLimiter.Usage(
              failures.limit() + 1L, failures.limit(), failures.resetSeconds(), failures.window()),
          "This account is locked after too many failed sign-ins.");
    }
    User user =
        tx.inPlatform(
            em ->
                em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                    .setParameter("e", email)
                    .getResultStream()
                    .findFirst()
                    .orElse(null));
    boolean ok = HASHER.verify(password, user == null ? null : user.passwordHash());
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
    Sessions.Started started = sessions.start(user.id(), membership.tenantId());
    audit.recordFor(
        List.of(membership.tenantId()), user.id(), user.email(), "login.succeeded", null);
    return tokens(user, membership, started.sessionId(), started.refreshToken());
  }

  private static ProblemException tooManyAttempts(RateLimiter.Usage usage, String detail) {
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

  @POST
  @Path("auth/refresh")
  @NotIdempotent
  @Consumes(MediaType.APPLICATION_JSON)
  @PublicEndpoint
  @Operation(summary = "Exchange a refresh token for new tokens (the refresh token rotates)")
  public Tokens refresh(RefreshRequest body) {
    Check.body(body).required("refresh_token", body.refreshToken()).done();
    if (body.refreshToken().length() > 200) {
      throw ApiException.unauthorized("The refresh token is not valid.");
    }
    Sessions.Rotation rotation = sessions.rotate(body.refreshToken());
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

  @POST
  @Path("auth/logout")
  @NotIdempotent
  @Operation(summary = "End the current session (its access and refresh tokens stop working)")
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
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Get tokens for another workspace you belong to")
  public Tokens switchTenant(SwitchTenantRequest body) {
    Check.body(body).required("tenant_id", body.tenantId()).done();
    var p = caller.principal();
    if (p.viaApiKey()) {
      throw ApiException.badRequest(
          "not_a_session", "An API key is bound to one workspace and cannot switch.");
    }
    record Target(User user, Membership membership) {}
    Target target =
        tx.inPlatform(
            em ->
                new Target(
                    em.find(User.class, p.userId()),
                    tenancy.membership(em, body.tenantId(), p.userId()).orElse(null)));
    if (target.membership() == null) {
      throw ApiException.notFound("The workspace");
    }
    Sessions.Started started = sessions.start(p.userId(), target.membership().tenantId());
    return tokens(target.user(), target.membership(), started.sessionId(), started.refreshToken());
  }

  @GET
  @Path(".well-known/jwks.json")
  @PublicEndpoint
  @Operation(summary = "The public keys that verify access tokens (JWK set)")
  public Map<String, Object> jwks() {
    return signingKeys.jwks();
  }
}
