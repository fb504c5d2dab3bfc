package dev.atelier.core.security;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * The per-minute limits of the API: every request of a credential (the workspace's own limit when a
 * superuser set one), run starts and chat turns of a credential, anonymous requests of an address.
 * Each method counts one hit and answers 429 {@code rate_limited} (with the rate-limit headers and
 * {@code Retry-After}) when the window is full.
 */
@ApplicationScoped
public class RequestLimits {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Inject RateLimiter rateLimiter;
  @Inject AtelierConfig config;

  /** One request of {@code principal}. */
  public RateLimiter.Usage request(Principal principal) {
    int perMinute =
        principal.tenantRateLimit() != null
            ? principal.tenantRateLimit()
            : config.rateLimitDefaultPerMinute();
    return hit(principal.credentialKey(), perMinute);
  }

  /** One run start (a chat turn included) of {@code principal}. */
  public RateLimiter.Usage runStart(Principal principal) {
    return hit(principal.credentialKey() + ":runs", config.rateLimitRunsPerMinute());
  }

  /** One anonymous request from {@code ip}. */
  public RateLimiter.Usage anonymous(String ip) {
    return hit("ip:" + ip, config.rateLimitAnonymousPerMinute());
  }

  private RateLimiter.Usage hit(String bucket, int perMinute) {
    RateLimiter.Usage usage = rateLimiter.hit(bucket, perMinute, MINUTE);
    if (usage.exceeded()) {
      throw new ApiException(
          429,
          "rate_limited",
          "Too many requests",
          "Rate limit of "
              + perMinute
              + " requests per minute exceeded; retry in "
              + usage.resetSeconds()
              + " s.",
          List.of(),
          AuthenticationFilter.headers(usage));
    }
    return usage;
  }
}
