/**
 * Read-only views of the tenant's core data (projects, members) for plugins.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.workspace;
