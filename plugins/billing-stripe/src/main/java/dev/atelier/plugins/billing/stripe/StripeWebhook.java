package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.webhook.InboundWebhook;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import dev.atelier.plugin.api.webhook.WebhookReply;
import org.pf4j.Extension;

/** Stripe's webhook: {@code POST /api/v1/webhooks/billing-stripe/events}. */
@Extension
public class StripeWebhook implements WebhookReceiver {

  private final StripeEvents events;

  public StripeWebhook(PluginContext context) {
    this.events = new StripeEvents(context, new StripeSettings(context.config(), context.logger()));
  }

  @Override
  public String name() {
    return "events";
  }

  @Override
  public WebhookReply receive(InboundWebhook request) {
    return events.receive(request);
  }
}
