package dev.atelier.core.security;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.plugin.api.web.PublicRoute;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

/**
 * The request pipeline's gate, run before any resource (core or plugin): reads the credential
 * ({@code Authorization: Bearer <jwt|api key>} or {@code X-API-Key}), resolves the live principal,
 * checks the operation's role, and applies the per-principal (or, for anonymous calls, per-address)
 * rate limit. Every limited response carries the rate-limit headers.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String USAGE_PROPERTY = "atelier.rate-limit.usage";

  @Context ResourceInfo resourceInfo;
  @Context HttpServletRequest servletRequest;

  @Inject Caller caller;
  @Inject Credentials credentials;
  @Inject ClientAddress clientAddress;
  @Inject RequestLimits limits;
  @Inject AtelierConfig config;

  @Override
  public void filter(ContainerRequestContext request) {
    String ip =
        clientAddress.resolve(
            servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
    caller.begin(ip);
    Method method = resourceInfo.getResourceMethod();
    Class<?> type = resourceInfo.getResourceClass();
    // OPTIONS answers only which methods exist, for anyone
    boolean isPublic =
        "OPTIONS".equals(request.getMethod())
            || (method != null && annotated(PublicEndpoint.class, method, type) != null)
            || (method != null && method.isAnnotationPresent(PublicRoute.class));

    Optional<Credentials.Credential> credential =
        Credentials.fromHeaders(
            request.getHeaderString("X-API-Key"),
            request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (credential.isEmpty()) {
      if (!isPublic) {
        throw ApiException.unauthorized(
            "Authentication is required: send a bearer token or an API key.");
      }
      request.setProperty(USAGE_PROPERTY, limits.anonymous(ip));
      return;
    }
    Principal principal = credentials.authenticate(credential.get());
    caller.authenticate(principal);
    if (method != null && !isPublic && annotated(AccountSetup.class, method, type) == null) {
      if (!principal.emailVerified() && config.requireVerifiedEmail()) {
        throw emailNotVerified();
      }
      if (principal.twoFactorMissing()) {
        throw twoFactorRequired();
      }
    }
    if (method != null && !isPublic) {
      authorize(principal, method, type);
    }
    RateLimitGroup group = method == null ? null : annotated(RateLimitGroup.class, method, type);
    if (group != null && "runs".equals(group.value())) {
      request.setProperty(USAGE_PROPERTY, limits.runStart(principal));
    }
    request.setProperty(USAGE_PROPERTY, limits.request(principal));
  }

  private void authorize(Principal principal, Method method, Class<?> type) {
    if (annotated(SuperuserOnly.class, method, type) != null) {
      if (!principal.superuser() || principal.viaApiKey()) {
        throw ApiException.forbidden("This operation needs a platform superuser.");
      }
      return;
    }
    RequiresRole required = annotated(RequiresRole.class, method, type);
    Role needed = required == null ? Role.VIEWER : required.value();
    if (!principal.role().atLeast(needed)) {
      throw ApiException.forbidden(
          "This operation needs the " + needed.wire() + " role in this workspace.");
    }
  }

  /**
   * The answer to a user who has not confirmed their e-mail address, where the server requires it
   * ({@code ATELIER_AUTH_REQUIRE_VERIFIED_EMAIL}).
   */
  public static ApiException emailNotVerified() {
    return new ApiException(
        403,
        "email_not_verified",
        "Forbidden",
        "Confirm your e-mail address first: open the link of the verification mail, or ask"
            + " for a new one with POST /api/v1/auth/verify/resend.");
  }

  /**
   * The answer to a member of a workspace that requires a second factor who has not enrolled one.
   */
  public static ApiException twoFactorRequired() {
    return new ApiException(
        403,
        "two_factor_required",
        "Forbidden",
        "This workspace requires two-factor sign-in: enrol with POST /api/v1/users/me/2fa/totp"
            + " and confirm with POST /api/v1/users/me/2fa/totp/confirm.");
  }

  /** The IETF draft and the conventional rate-limit headers for {@code usage}. */
  public static Map<String, String> headers(RateLimiter.Usage usage) {
    String limit = Long.toString(usage.limit());
    String remaining = Long.toString(usage.remaining());
    String reset = Long.toString(usage.resetSeconds());
    Map<String, String> h =
        new java.util.LinkedHashMap<>(
            Map.of(
                "RateLimit-Policy", limit + ";w=" + usage.window().toSeconds(),
                "RateLimit", "limit=" + limit + ", remaining=" + remaining + ", reset=" + reset,
                "X-RateLimit-Limit", limit,
                "X-RateLimit-Remaining", remaining,
                "X-RateLimit-Reset", reset));
    if (usage.exceeded()) {
      h.put("Retry-After", reset);
    }
    return h;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(USAGE_PROPERTY) instanceof RateLimiter.Usage usage) {
      MultivaluedMap<String, Object> out = response.getHeaders();
      headers(usage).forEach((k, v) -> out.putSingle(k, v));
    }
  }

  private static <A extends java.lang.annotation.Annotation> A annotated(
      Class<A> annotation, Method method, Class<?> type) {
    A onMethod = method.getAnnotation(annotation);
    if (onMethod != null) {
      return onMethod;
    }
    AnnotatedElement t = type != null ? type : method.getDeclaringClass();
    return t.getAnnotation(annotation);
  }
}
