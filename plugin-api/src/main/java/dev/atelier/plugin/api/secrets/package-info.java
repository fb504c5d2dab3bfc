/**
 * Encrypted secrets of a plugin, per tenant.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.secrets;
