package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import org.pf4j.ExtensionPoint;

/**
 * A payment provider (Stripe): hosted checkout and customer portal. Its webhook arrives through
 * {@link dev.atelier.plugin.api.webhook.WebhookReceiver}.
 *
 * @since 1.0.0
 */
@Incubating
public interface BillingProvider extends ExtensionPoint {

  /** The provider id, e.g. {@code stripe}. */
  String id();

  /** Creates a hosted checkout for a plan or a credit pack. */
  CheckoutSession checkout(CheckoutRequest request) throws BillingException;

  /** A customer-portal URL for {@code customerId}, returning to {@code returnUrl}. */
  String portalUrl(String customerId, String returnUrl) throws BillingException;
}
