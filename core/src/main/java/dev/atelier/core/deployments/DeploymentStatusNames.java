package dev.atelier.core.deployments;

/** The states of a deployment as the API shows them. */
final class DeploymentStatusNames {

  static final String QUEUED = "queued";
  static final String UPLOADING = "uploading";
  static final String BUILDING = "building";
  static final String READY = "ready";
  static final String ERROR = "error";
  static final String CANCELLED = "cancelled";

  private DeploymentStatusNames() {}
}
