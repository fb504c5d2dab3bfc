/**
 * Deployment targets: the {@link dev.atelier.plugin.api.deploy.DeploymentTarget} extension point
 * and {@link dev.atelier.plugin.api.deploy.ProviderCalls}, the retrying calls they share.
 *
 * <p>{@link dev.atelier.plugin.api.Incubating Incubating}: it may change in any minor release.
 *
 * @since 1.0.0
 */
@Incubating
package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
