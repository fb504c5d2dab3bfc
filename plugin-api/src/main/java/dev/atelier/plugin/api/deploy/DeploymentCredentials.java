package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;

/**
 * A workspace's credentials for a target: the provider's API token and, where the provider needs
 * one, an account (a Vercel team, a Netlify site, a Cloudflare account id and Pages project as
 * {@code account/project}).
 *
 * @since 1.0.0
 */
@Incubating
public record DeploymentCredentials(String token, String account) {

  @Override
  public String toString() {
    return "DeploymentCredentials[account=" + account + "]";
  }
}
