package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
import java.util.Map;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A git host (GitHub, GitLab, Bitbucket) the server connects users to. The host keeps each user's
 * connection (tokens encrypted, refreshed before they expire) and calls the provider with it: the
 * OAuth authorization (state and PKCE) or a personal token, the account, a search of the
 * repositories, the credentials git sends to clone and push, pull requests and push webhooks.
 * Methods are called in a session of the provider's plugin for the user's workspace.
 *
 * @since 1.0.0
 */
@Incubating
public interface GitProvider extends ExtensionPoint {

  /** The provider id, e.g. {@code github}: 1-32 lowercase letters, digits or dashes. */
  String id();

  /** The name shown to people, e.g. {@code GitHub}. */
  String displayName();

  /** Whether the server is configured for OAuth with this host (a client id and secret). */
  boolean oauthConfigured();

  /** The URL to send the user's browser to, to authorize the server. */
  String authorizeUrl(GitAuthorization authorization) throws GitException;

  /** Exchanges the code the host gave the callback for tokens, with the PKCE verifier. */
  GitToken exchangeCode(String code, String codeVerifier, String redirectUri) throws GitException;

  /** New tokens for a refresh token (the host may rotate the refresh token too). */
  GitToken refresh(String refreshToken) throws GitException;

  /** The account the connection acts as; {@code git_auth_failed} for a token the host refuses. */
  GitAccount account(GitConnection connection) throws GitException;

  /**
   * Repositories the connection can see whose name contains {@code query} (all when null), from
   * {@code offset}, at most {@code limit}.
   */
  GitRepositoryPage repositories(GitConnection connection, String query, int limit, int offset)
      throws GitException;

  /** One repository by {@code owner/name}; {@code git_not_found} when it cannot be seen. */
  GitRepository repository(GitConnection connection, String fullName) throws GitException;

  /** The credentials git sends over HTTPS to clone, fetch and push with the connection. */
  GitCredentials credentials(GitConnection connection);

  /** Opens a pull (or merge) request of branch {@code head} into {@code base}. */
  GitPullRequest openPullRequest(
      GitConnection connection,
      String fullName,
      String head,
      String base,
      String title,
      String body)
      throws GitException;

  /**
   * Verifies a push webhook delivery signed with {@code secret} (headers by lowercase name): the
   * push, empty for another event the host sent; throws {@code bad_signature} for a delivery whose
   * signature does not match.
   */
  Optional<GitPush> verifyPush(Map<String, String> headers, byte[] body, String secret)
      throws GitException;
}
