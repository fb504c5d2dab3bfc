package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
import org.pf4j.ExtensionPoint;

/**
 * A deployment target (Vercel, Netlify, Cloudflare Pages): checks a workspace's credentials, starts
 * a deployment from a frozen snapshot uploading only the files the provider lacks, reports its
 * status and cancels it. The host calls it from a durable background task, inside a session of the
 * plugin bound to the workspace (so {@code PluginSession#http()} is available); a call that a
 * restart interrupted is made again, so {@link #start} must tolerate files uploaded before.
 *
 * <p>Failures are {@link DeploymentException}s with a stable code ({@code deploy_auth_failed},
 * {@code deploy_provider_error}, {@code deploy_rate_limited}).
 *
 * @since 1.0.0
 */
@Incubating
public interface DeploymentTarget extends ExtensionPoint {

  /** The provider id, e.g. {@code vercel}. */
  String id();

  /**
   * Checks {@code credentials} against the provider; returns the account they belong to (a name to
   * show), or throws {@code deploy_auth_failed}.
   */
  String verify(DeploymentCredentials credentials) throws DeploymentException;

  /**
   * Creates the deployment, uploads what the provider lacks, and returns its first status with the
   * provider's reference (uploading or building).
   */
  DeploymentStatus start(DeploymentRequest request) throws DeploymentException;

  /** The current status of a deployment started earlier. */
  DeploymentStatus status(DeploymentCredentials credentials, String reference)
      throws DeploymentException;

  /** Cancels the deployment if it is still building, or deletes it at the provider. */
  void cancel(DeploymentCredentials credentials, String reference) throws DeploymentException;
}
