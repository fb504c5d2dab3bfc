package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * A tenant's connection to a git host: the access token and, for self-hosted instances, the API
 * base URL (null for the public host).
 *
 * @since 1.0.0
 */
@Incubating
public record GitConnection(String accessToken, String apiBaseUrl) {

  @Override
  public String toString() {
    return "GitConnection[accessToken=***, apiBaseUrl=" + apiBaseUrl + "]";
  }
}
