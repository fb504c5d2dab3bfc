package dev.atelier.core.security;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
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
import java.time.Duration;
import java.util.List;
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
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Context ResourceInfo resourceInfo;
  @Context HttpServletRequest servletRequest;

  @Inject Caller caller;
  @Inject AccessTokens accessTokens;
  @Inject PrincipalLookup lookup;
  @Inject ClientAddress clientAddress;
  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;

  @Override
  public void filter(ContainerRequestContext request) {
    String ip =
        clientAddress.resolve(
            servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
    caller.ip(ip);
    Method method = resourceInfo.getResourceMethod();
    Class<?> type = resourceInfo.getResourceClass();
    // OPTIONS answers only which methods exist, for anyone
    boolean isPublic =
        "OPTIONS".equals(request.getMethod())
            || (method != null && annotated(PublicEndpoint.class, method, type) != null);

    Optional<String> credential = credential(request);
    if (credential.isEmpty()) {
      if (!isPublic) {
        throw ApiException.unauthorized(
            "Authentication is required: send a bearer token or an API key.");
      }
      limit(request, "ip:" + ip, config.rateLimitAnonymousPerMinute());
      return;
    }
    Principal principal = authenticate(credential.get());
    caller.authenticate(principal);
    if (method != null && !isPublic) {
      authorize(principal, method, type);
    }
    RateLimitGroup group = method == null ? null : annotated(RateLimitGroup.class, method, type);
    if (group != null && "runs".equals(group.value())) {
      limit(request, runsBucket(principal), config.rateLimitRunsPerMinute());
    }
    int perMinute =
        principal.tenantRateLimit() != null
            ? principal.tenantRateLimit()
            : config.rateLimitDefaultPerMinute();
    limit(request, principal.credentialKey(), perMinute);
  }

  private Optional<String> credential(ContainerRequestContext request) {
    String apiKey = request.getHeaderString("X-API-Key");
    if (apiKey != null && !apiKey.isBlank()) {
      return Optional.of("key " + apiKey.trim());
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.isBlank()) {
      return Optional.empty();
    }
    if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String value = authorization.substring(7).trim();
      return Optional.of(value.startsWith("atl_") ? "key " + value : "jwt " + value);
    }
    throw ApiException.unauthorized("Unsupported authorization scheme: use Bearer.");
  }

  private Principal authenticate(String credential) {
    try {
      if (credential.startsWith("key ")) {
        return lookup.forApiKey(credential.substring(4));
      }
      AccessTokens.Claims claims =
          accessTokens
              .verify(credential.substring(4))
              .orElseThrow(
                  () -> new PrincipalLookup.Refused("The access token is invalid or has expired."));
      return lookup.forToken(claims);
    } catch (PrincipalLookup.Refused e) {
      throw ApiException.unauthorized(e.getMessage());
    }
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

  private void limit(ContainerRequestContext request, String bucket, int perMinute) {
    RateLimiter.Usage usage = rateLimiter.hit(bucket, perMinute, MINUTE);
    request.setProperty(USAGE_PROPERTY, usage);
    if (usage.exceeded()) {
      throw rateLimited(usage);
    }
  }

  /** The rate-limit bucket of {@code principal}'s run starts (the {@code runs} group). */
  public static String runsBucket(Principal principal) {
    return principal.credentialKey() + ":runs";
  }

  /** 429 {@code rate_limited} for a bucket whose {@code usage} exceeded its limit. */
  public static ApiException rateLimited(RateLimiter.Usage usage) {
    return new ApiException(
        429,
        "rate_limited",
        "Too many requests",
        "Rate limit of "
            + usage.limit()
            + " requests per minute exceeded; retry in "
            + usage.resetSeconds()
            + " s.",
        List.of(),
        headers(usage));
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
