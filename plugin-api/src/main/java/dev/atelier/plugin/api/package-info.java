/**
 * The public extension API of Atelier. Plugins are written against this package alone; it never
 * depends on the server's core. It follows its own semantic version line (see {@link
 * dev.atelier.plugin.api.PluginApi#VERSION}): within a major version it only grows.
 *
 * @since 0.1.0
 */
package dev.atelier.plugin.api;
