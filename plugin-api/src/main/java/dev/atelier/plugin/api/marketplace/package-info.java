/**
 * Marketplace sources.
 *
 * <p>{@link dev.atelier.plugin.api.Incubating Incubating}: no plugin implements it yet, so it may
 * change in any minor release until the first one ships.
 *
 * @since 1.0.0
 */
@Incubating
package dev.atelier.plugin.api.marketplace;

import dev.atelier.plugin.api.Incubating;
