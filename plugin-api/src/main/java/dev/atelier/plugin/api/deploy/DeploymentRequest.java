package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
import java.nio.file.Path;
import java.util.Map;

/**
 * What to deploy: the credentials (token), a name, the directory holding the project's files, and
 * environment variables (the project's secrets the user chose to expose).
 *
 * @since 1.0.0
 */
@Incubating
public record DeploymentRequest(
    String credentials, String name, Path files, Map<String, String> environment) {

  public DeploymentRequest {
    environment = Map.copyOf(environment);
  }

  @Override
  public String toString() {
    return "DeploymentRequest[name=" + name + ", files=" + files + "]";
  }
}
