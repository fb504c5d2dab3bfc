/**
 * Billing: the extension point of billing plugins and the core's credit ledger and plans they
 * record payments in.
 *
 * <p>{@link dev.atelier.plugin.api.Incubating Incubating}: its first plugin (billing-stripe) is
 * new, so it may change in any minor release while it settles.
 *
 * @since 1.0.0
 */
@Incubating
package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
