package dev.atelier.core.plugins;

import dev.atelier.plugin.api.billing.Billing;

/**
 * What hands plugin sessions the core's credit ledger ({@link
 * dev.atelier.plugin.api.PluginSession#billing()}); metering implements it, so that the plugin host
 * need not know metering.
 */
public interface BillingBinding {

  /** The ledger of {@code tenantId} and the platform's plans. */
  Billing bind(String tenantId);
}
