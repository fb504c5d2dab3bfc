package dev.atelier.core.metering;

import dev.atelier.core.plugins.BillingBinding;
import dev.atelier.plugin.api.billing.Billing;
import dev.atelier.plugin.api.billing.BillingAccount;
import dev.atelier.plugin.api.billing.LedgerEntry;
import dev.atelier.plugin.api.billing.Plan;
import dev.atelier.plugin.api.billing.Posting;
import dev.atelier.plugin.api.billing.UsageTotal;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link Billing} for plugin sessions: {@link Metering} bound to the session's tenant. */
@ApplicationScoped
public class PluginBilling implements BillingBinding {

  @Inject Metering metering;

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
    };
  }
}
