package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import org.pf4j.ExtensionPoint;

/**
 * A billing plugin (Stripe ...): while one is started and switched on for a tenant, the core meters
 * that tenant's model calls into its credit ledger ({@link Billing}) and refuses runs once the
 * credits are gone and the tenant's plan allows no overage. Without one, nothing is metered.
 *
 * <p>The plugin sells plans and credits with its own routes and webhook and records what was paid
 * through {@link Billing}, which {@link dev.atelier.plugin.api.PluginSession#billing()} hands out.
 *
 * @since 1.0.0
 */
@Incubating
public interface BillingProvider extends ExtensionPoint {

  /** The provider id, e.g. {@code stripe}. */
  String id();
}
