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

  /**
   * Whether the server has an OAuth client for this provider (a client id and secret), so that a
   * workspace can connect through the provider's consent page instead of pasting a token.
   *
   * @since 1.1.0
   */
  default boolean oauthConfigured() {
    return false;
  }

  /**
   * The provider's authorization page for the browser; the provider sends it back to {@code
   * redirectUri} with a code and {@code state}. Called only when {@link #oauthConfigured()}.
   *
   * @since 1.1.0
   */
  default String authorizeUrl(String redirectUri, String state) {
    throw new UnsupportedOperationException(id() + " has no OAuth");
  }

  /**
   * Exchanges the code the provider gave the callback for credentials (the token, and the account
   * it is bound to when the provider says, e.g. a team); {@code deploy_auth_failed} for a code the
   * provider refuses. Called only when {@link #oauthConfigured()}.
   *
   * @since 1.1.0
   */
  default DeploymentCredentials exchangeCode(String code, String redirectUri)
      throws DeploymentException {
    throw new DeploymentException("deploy_provider_error", id() + " has no OAuth", null);
  }
}
