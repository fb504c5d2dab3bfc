package dev.atelier.core.security;

import dev.atelier.plugin.api.web.Role;

/**
 * Who is calling: a user acting in one tenant with a role, authenticated by an access token (with
 * its login session) or by an API key. {@code tenantRateLimit} is the tenant's own per-minute
 * limit, when an administrator set one. {@code emailVerified}: whether the user confirmed their
 * e-mail address. {@code twoFactorMissing}: the workspace requires a second factor the user has not
 * enrolled.
 */
public record Principal(
    String userId,
    String email,
    String tenantId,
    Role role,
    boolean superuser,
    String sessionId,
    String apiKeyId,
    Integer tenantRateLimit,
    boolean emailVerified,
    boolean twoFactorMissing) {

  public boolean viaApiKey() {
    return apiKeyId != null;
  }

  /** A stable id of the credential, for rate-limit buckets and idempotency records. */
  public String credentialKey() {
    return viaApiKey() ? "key:" + apiKeyId : "user:" + userId + ":" + tenantId;
  }
}
