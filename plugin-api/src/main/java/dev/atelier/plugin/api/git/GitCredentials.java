package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * The user name and password git sends over HTTPS for a connection (for most hosts a fixed user
 * name and the access token).
 *
 * @since 1.0.0
 */
@Incubating
public record GitCredentials(String username, String password) {

  @Override
  public String toString() {
    return "GitCredentials[username=" + username + ", password=***]";
  }
}
