package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Items sold at a Stripe price join the buyer's library when the billing provider reports the
 * payment: the core's {@link CoreEvents#PAYMENT_COMPLETED} with this plugin's purpose. The billing
 * plugin is never called directly.
 */
@Extension
public class MarketplacePayments implements EventListener {

  private final Catalogue catalogue;

  public MarketplacePayments(PluginContext context) {
    this.catalogue = new Catalogue(context);
  }

  @Override
  public Set<String> eventTypes() {
    return Set.of(CoreEvents.PAYMENT_COMPLETED);
  }

  @Override
  public void onEvent(PluginSession session, DomainEvent event) {
    if (!Catalogue.PURPOSE.equals(event.attributes().get("purpose"))) {
      return;
    }
    String reference = event.attributes().get("reference");
    String payment = event.attributes().get("payment");
    if (reference != null && payment != null) {
      catalogue.paid(session.tenantId(), reference, payment);
    }
  }
}
