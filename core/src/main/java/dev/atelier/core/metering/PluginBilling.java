package dev.atelier.core.metering;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.features.Features;
import dev.atelier.core.plugins.BillingBinding;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.plugin.api.billing.Billing;
import dev.atelier.plugin.api.billing.BillingAccount;
import dev.atelier.plugin.api.billing.BillingProvider;
import dev.atelier.plugin.api.billing.LedgerEntry;
import dev.atelier.plugin.api.billing.PaymentCheckout;
import dev.atelier.plugin.api.billing.PaymentRequest;
import dev.atelier.plugin.api.billing.Plan;
import dev.atelier.plugin.api.billing.Posting;
import dev.atelier.plugin.api.billing.UsageTotal;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Billing} for plugin sessions: {@link Metering} bound to the session's tenant, and one-off
 * payments routed through the core: a plugin asks for a payment without knowing the provider, the
 * provider reports it paid, and the core announces that as {@link CoreEvents#PAYMENT_COMPLETED}.
 */
@ApplicationScoped
public class PluginBilling implements BillingBinding {

  @Inject Metering metering;
  @Inject Extensions extensions;
  @Inject Features features;
  @Inject Outbox outbox;

  @Override
  public Billing bind(String tenantId) {
    return new Billing() {
      @Override
      public BillingAccount account() {
        return metering.active(tenantId) ? metering.current(tenantId) : metering.account(tenantId);
      }

      @Override
      public LedgerEntry post(Posting posting) {
        return metering.post(tenantId, posting);
      }

      @Override
      public LedgerEntry spend(long credits, String reference, String description) {
        return metering.spend(tenantId, credits, reference, description);
      }

      @Override
      public boolean posted(String reference) {
        return metering.posted(tenantId, reference);
      }

      @Override
      public Page<LedgerEntry> entries(PageRequest page) {
        return metering.entries(tenantId, page);
      }

      @Override
      public List<UsageTotal> usage(Instant from, Instant to, String groupBy) {
        return metering.usage(tenantId, from, to, groupBy);
      }

      @Override
      public BillingAccount subscribe(String planKey, String status, Instant periodEnd) {
        return metering.subscribe(tenantId, planKey, status, periodEnd);
      }

      @Override
      public List<Plan> plans() {
        return metering.plans();
      }

      @Override
      public Optional<Plan> plan(String key) {
        return metering.plan(key);
      }

      @Override
      public Plan putPlan(Plan plan) {
        return metering.putPlan(plan);
      }

      @Override
      public PaymentCheckout checkout(PaymentRequest request) {
        return PluginBilling.this.checkout(tenantId, request);
      }

      @Override
      public void paid(String purpose, String reference, String payment) {
        outbox.publish(
            CoreEvents.PAYMENT_COMPLETED,
            tenantId,
            reference,
            Map.of("purpose", purpose, "reference", reference, "payment", payment));
      }
    };
  }

  /**
   * A payment page at the first started billing provider switched on for {@code tenantId} that
   * takes one-off payments; 409 {@code payments_unavailable} without one.
   */
  PaymentCheckout checkout(String tenantId, PaymentRequest request) {
    for (Extensions.Provided<BillingProvider> p : extensions.all(BillingProvider.class)) {
      if (!features.enabled(tenantId, p.pluginId())) {
        continue;
      }
      try {
        return extensions.inSession(
            p.pluginId(), tenantId, s -> p.extension().checkout(s, request));
      } catch (UnsupportedOperationException e) {
        // a provider without one-off payments: try the next
      }
    }
    throw ProblemException.conflict(
        "payments_unavailable",
        "No billing provider that takes payments is switched on for this workspace.");
  }
}
