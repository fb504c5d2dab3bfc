package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;

/**
 * The state of a deployment on its target: {@code state} is {@code uploading}, {@code building},
 * {@code ready}, {@code error} or {@code cancelled}; {@code url} is set once known; {@code log} is
 * a short excerpt of what the provider reported (a build error), or null.
 *
 * @since 1.0.0
 */
@Incubating
public record DeploymentStatus(String reference, String state, String url, String log) {

  public static final String UPLOADING = "uploading";
  public static final String BUILDING = "building";
  public static final String READY = "ready";
  public static final String ERROR = "error";
  public static final String CANCELLED = "cancelled";

  /** Whether the deployment ended (ready, error or cancelled). */
  public boolean finished() {
    return READY.equals(state) || ERROR.equals(state) || CANCELLED.equals(state);
  }
}
