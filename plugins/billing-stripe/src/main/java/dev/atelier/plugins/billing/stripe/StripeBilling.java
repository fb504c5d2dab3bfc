package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.billing.BillingProvider;
import dev.atelier.plugin.api.billing.PaymentCheckout;
import dev.atelier.plugin.api.billing.PaymentRequest;
import org.pf4j.Extension;

/**
 * Marks this plugin as the billing provider: while it is on for a workspace, the core meters it.
 * Other plugins' one-off payments (through the core) are Checkout Sessions in payment mode.
 */
@Extension
public class StripeBilling implements BillingProvider {

  private final Subscriptions subscriptions;

  public StripeBilling(PluginContext context) {
    StripeSettings settings = new StripeSettings(context.config(), context.logger());
    this.subscriptions =
        new Subscriptions(
            settings,
            new StripeGateway(settings, context.logger()),
            new StripeEvents(context, settings));
  }

  @Override
  public String id() {
    return "stripe";
  }

  @Override
  public PaymentCheckout checkout(PluginSession session, PaymentRequest request) {
    return subscriptions.pay(session, request);
  }
}
