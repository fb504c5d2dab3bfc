/**
 * Domain events: core's and plugins', delivered per tenant after commit.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.event;
