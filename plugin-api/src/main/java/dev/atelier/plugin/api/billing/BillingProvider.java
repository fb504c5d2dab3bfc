package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.PluginSession;
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

  /**
   * Opens a payment page for {@code request} in {@code session}'s tenant (the provider's own
   * session). Once paid, the provider calls {@link Billing#paid} with the request's purpose and
   * reference, once per payment. A provider that cannot collect one-off payments keeps the default,
   * which throws {@link UnsupportedOperationException}.
   *
   * @since 1.1.0
   */
  default PaymentCheckout checkout(PluginSession session, PaymentRequest request) {
    throw new UnsupportedOperationException("This billing provider takes no one-off payments.");
  }
}
