package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A git host (GitHub, GitLab, Bitbucket): lists and reads repositories and manages webhooks with a
 * tenant's connection. OAuth flows and inbound events use {@link
 * dev.atelier.plugin.api.web.RouteProvider} and {@link
 * dev.atelier.plugin.api.webhook.WebhookReceiver}.
 *
 * @since 1.0.0
 */
@Incubating
public interface GitProvider extends ExtensionPoint {

  /** The provider id, e.g. {@code github}. */
  String id();

  /** The account the connection acts as. */
  GitAccount account(GitConnection connection) throws GitException;

  /** Repositories the connection can see, page {@code page} (from 1) of {@code perPage}. */
  List<GitRepository> repositories(GitConnection connection, int page, int perPage)
      throws GitException;

  /** One repository by {@code owner/name}. */
  GitRepository repository(GitConnection connection, String fullName) throws GitException;

  /** Creates a push webhook to {@code callbackUrl} signed with {@code secret}; returns its id. */
  String createWebhook(GitConnection connection, String fullName, String callbackUrl, String secret)
      throws GitException;
}
