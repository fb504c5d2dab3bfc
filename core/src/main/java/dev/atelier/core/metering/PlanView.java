package dev.atelier.core.metering;

import dev.atelier.plugin.api.billing.Plan;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plan as clients see it. */
public record PlanView(
    @Schema(description = "The plan's key; free is the plan of workspaces without a subscription")
        String key,
    String name,
    @Schema(nullable = true, description = "The Stripe price the plan is sold at; null: not sold")
        String stripePriceId,
    @Schema(description = "month or year") String interval,
    @Schema(description = "Credits granted each paid period") long monthlyCredits,
    @Schema(description = "Whether workspaces on it may run on below zero credits") boolean overage,
    @Schema(description = "Limits by name") Map<String, Long> limits,
    @Schema(description = "Features by name") List<String> features) {

  static PlanView of(Plan p) {
    return new PlanView(
        p.key(),
        p.name(),
        p.priceId(),
        p.interval(),
        p.monthlyCredits(),
        p.overage(),
        p.limits(),
        p.features());
  }
}
