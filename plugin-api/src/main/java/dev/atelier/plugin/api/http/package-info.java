/**
 * Guarded outbound HTTP for plugins.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.http;
