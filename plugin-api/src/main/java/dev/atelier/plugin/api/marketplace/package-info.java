/**
 * Marketplace sources.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.marketplace;
