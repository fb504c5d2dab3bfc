package dev.atelier.plugins.billing.stripe;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The workspace's subscription. */
public record SubscriptionView(
    @Schema(description = "The plan's key; free without a subscription") String plan,
    @Schema(
            nullable = true,
            description = "Stripe's status: active, trialing, past_due, canceled...")
        String status,
    @Schema(nullable = true, description = "End of the paid period") Instant currentPeriodEnd,
    @Schema(description = "Whether it ends with the period") boolean cancelAtPeriodEnd,
    @Schema(description = "Whether the workspace is a Stripe customer (the portal needs one)")
        boolean customer) {}
