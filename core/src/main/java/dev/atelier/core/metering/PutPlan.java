package dev.atelier.core.metering;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plan as a superuser sets it. */
@Schema(requiredProperties = {"name", "interval", "monthly_credits"})
public record PutPlan(
    @Schema(description = "1-200 characters") String name,
    @Schema(nullable = true, description = "The Stripe price it is sold at; null: not sold")
        String stripePriceId,
    @Schema(description = "month or year") String interval,
    @Schema(
            description =
                "Credits granted each paid period, 0 or more; the free plan tops a workspace up"
                    + " to them once a month")
        Long monthlyCredits,
    @Schema(
            nullable = true,
            description = "Whether its workspaces may go below zero; false when absent")
        Boolean overage,
    @Schema(
            nullable = true,
            description =
                "Limits by name, each 0 or more; a name left out is unlimited. Names: projects,"
                    + " agents, members, api_keys (what a workspace holds) and runs_per_day (runs"
                    + " and chat turns started per UTC day)")
        Map<String, Long> limits,
    @Schema(nullable = true, description = "Features by name") List<String> features) {}
