package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.RouteProvider;
import java.util.List;
import org.pf4j.Extension;

/** The billing routes under {@code /api/v1/billing}. */
@Extension
public class BillingRoutes implements RouteProvider {

  private final PluginContext context;

  public BillingRoutes(PluginContext context) {
    this.context = context;
  }

  @Override
  public List<Object> resources() {
    StripeSettings settings = new StripeSettings(context.config(), context.logger());
    StripeGateway stripe = new StripeGateway(settings, context.logger());
    return List.of(
        new BillingResource(
            context,
            new Subscriptions(settings, stripe, new StripeEvents(context, settings)),
            new AutoTopUps(settings, stripe, context.logger())));
  }
}
