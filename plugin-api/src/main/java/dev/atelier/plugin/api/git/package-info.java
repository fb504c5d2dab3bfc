/**
 * Git hosts: per-user connections (OAuth with PKCE or a token), repositories, credentials for git,
 * pull requests and push webhooks.
 *
 * <p>{@link dev.atelier.plugin.api.Incubating Incubating}: it may change in any minor release until
 * it is declared stable.
 *
 * @since 1.0.0
 */
@Incubating
package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
