package dev.atelier.core.security;

import dev.atelier.core.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Turns a credential (an access token or an API key) into the live {@link Principal}: for the REST
 * API from the request's headers ({@link AuthenticationFilter}), for a WebSocket also from a query
 * parameter, since browsers cannot set headers on one. Nothing here logs a credential.
 */
@ApplicationScoped
public class Credentials {

  @Inject AccessTokens accessTokens;
  @Inject PrincipalLookup lookup;

  /** A credential as the client sent it, not yet checked. */
  public record Credential(boolean apiKey, String value) {

    /** The value of {@code Authorization: Bearer <value>}: an API key or an access token. */
    public static Credential bearer(String value) {
      return new Credential(value.startsWith("atl_"), value);
    }

    @Override
    public String toString() {
      return apiKey ? "API key" : "access token"; // never the value
    }
  }

  /**
   * A credential whose signature and expiry (for an access token) were checked once. Its live state
   * (session, key, user, membership and role) is looked up again by each {@link #principal}.
   */
  public record Verified(Credential credential, AccessTokens.Claims claims) {}

  /**
   * The credential of {@code X-API-Key} or {@code Authorization: Bearer}, empty when there is none;
   * 401 for another authorization scheme.
   */
  public static Optional<Credential> fromHeaders(String apiKey, String authorization) {
    if (apiKey != null && !apiKey.isBlank()) {
      return Optional.of(new Credential(true, apiKey.trim()));
    }
    if (authorization == null || authorization.isBlank()) {
      return Optional.empty();
    }
    if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(Credential.bearer(authorization.substring(7).trim()));
    }
    throw ApiException.unauthorized("Unsupported authorization scheme: use Bearer.");
  }

  /** The live principal of {@code credential}; 401 when it is refused. */
  public Principal authenticate(Credential credential) {
    return principal(verify(credential));
  }

  /** Checks an access token's signature, issuer, audience and expiry; 401 when they fail. */
  public Verified verify(Credential credential) {
    if (credential.apiKey()) {
      return new Verified(credential, null);
    }
    AccessTokens.Claims claims =
        accessTokens
            .verify(credential.value())
            .orElseThrow(
                () -> ApiException.unauthorized("The access token is invalid or has expired."));
    return new Verified(credential, claims);
  }

  /** The principal of a verified credential as it is now; 401 when it is no longer live. */
  public Principal principal(Verified verified) {
    try {
      return verified.claims() == null
          ? lookup.forApiKey(verified.credential().value())
          : lookup.forToken(verified.claims());
    } catch (PrincipalLookup.Refused e) {
      throw ApiException.unauthorized(e.getMessage());
    }
  }
}
