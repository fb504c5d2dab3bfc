package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
import org.pf4j.ExtensionPoint;

/**
 * A deployment target (Vercel, Netlify, Cloudflare): deploys a project's files with a tenant's
 * credentials and reports progress. Deployments are started by the host's durable work queue, so
 * {@link #deploy} may take long; {@link #status} is polled.
 *
 * @since 1.0.0
 */
@Incubating
public interface DeploymentTarget extends ExtensionPoint {

  /** The target id, e.g. {@code vercel}. */
  String id();

  /** Starts a deployment; returns its first status (with the target's deployment reference). */
  DeploymentStatus deploy(DeploymentRequest request) throws DeploymentException;

  /** The current status of a deployment started earlier. */
  DeploymentStatus status(String credentials, String reference) throws DeploymentException;

  /** Cancels or removes a deployment. */
  void cancel(String credentials, String reference) throws DeploymentException;
}
