package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.billing.BillingProvider;
import org.pf4j.Extension;

/**
 * Marks this plugin as the billing provider: while it is on for a workspace, the core meters it.
 */
@Extension
public class StripeBilling implements BillingProvider {

  @Override
  public String id() {
    return "stripe";
  }
}
