/**
 * Plugin persistence: JPA entities and Flyway migrations of a plugin, tenant-isolated by the host.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.data;
