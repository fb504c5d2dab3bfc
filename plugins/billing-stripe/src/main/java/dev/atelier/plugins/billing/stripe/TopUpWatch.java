package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import java.util.Set;
import org.pf4j.Extension;

/** Looks at a workspace's balance after each of its runs, for the automatic top-up. */
@Extension
public class TopUpWatch implements EventListener {

  private final AutoTopUps topUps;

  public TopUpWatch(PluginContext context) {
    StripeSettings settings = new StripeSettings(context.config(), context.logger());
    this.topUps =
        new AutoTopUps(settings, new StripeGateway(settings, context.logger()), context.logger());
  }

  @Override
  public Set<String> eventTypes() {
    return Set.of(CoreEvents.RUN_FINISHED);
  }

  @Override
  public void onEvent(PluginSession session, DomainEvent event) {
    topUps.check(session);
  }
}
