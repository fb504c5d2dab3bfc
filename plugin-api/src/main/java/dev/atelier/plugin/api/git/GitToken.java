package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
import java.time.Instant;

/**
 * The tokens a git host gave for a connection: the access token, and, when the host makes them
 * expire, the refresh token and the instant the access token expires (both null otherwise).
 *
 * @since 1.0.0
 */
@Incubating
public record GitToken(String accessToken, String refreshToken, Instant expiresAt) {

  @Override
  public String toString() {
    return "GitToken[accessToken=***, refreshToken=***, expiresAt=" + expiresAt + "]";
  }
}
