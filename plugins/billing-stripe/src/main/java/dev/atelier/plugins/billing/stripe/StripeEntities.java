package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.data.EntityProvider;
import java.util.List;
import org.pf4j.Extension;

/** The plugin's tables ({@code db/plugin/billing-stripe/V*.sql}) as JPA entities. */
@Extension
public class StripeEntities implements EntityProvider {

  @Override
  public List<Class<?>> entityClasses() {
    return List.of(StripeAccount.class, StripeEvent.class, StripeRefund.class);
  }
}
