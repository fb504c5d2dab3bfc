package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;

/**
 * What to deploy: with whose credentials, under which name (the project's slug), to production or a
 * preview, and the frozen snapshot of files.
 *
 * @since 1.0.0
 */
@Incubating
public record DeploymentRequest(
    DeploymentCredentials credentials,
    String name,
    boolean production,
    DeploymentSnapshot snapshot) {

  @Override
  public String toString() {
    return "DeploymentRequest[name=" + name + ", production=" + production + "]";
  }
}
