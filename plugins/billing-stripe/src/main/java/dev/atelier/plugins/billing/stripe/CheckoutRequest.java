package dev.atelier.plugins.billing.stripe;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A subscription checkout: the plan's key and where Stripe sends the customer back. */
@Schema(requiredProperties = {"plan", "success_url", "cancel_url"})
public record CheckoutRequest(
    @Schema(description = "The key of a plan sold at a Stripe price") String plan,
    @Schema(description = "An http(s) URL to return to after paying") String successUrl,
    @Schema(description = "An http(s) URL to return to when the customer gives up")
        String cancelUrl) {}
