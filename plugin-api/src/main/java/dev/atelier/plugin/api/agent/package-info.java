/**
 * The tenant's agents for plugins that create them.
 *
 * @since 1.1.0
 */
@Incubating
package dev.atelier.plugin.api.agent;

import dev.atelier.plugin.api.Incubating;
