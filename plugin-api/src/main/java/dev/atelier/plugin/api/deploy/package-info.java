/**
 * Deployment targets.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.deploy;
