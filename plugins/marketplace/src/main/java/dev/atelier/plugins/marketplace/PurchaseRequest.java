package dev.atelier.plugins.marketplace;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the billing provider's payment page sends the buyer back: items at a Stripe price only. */
public record PurchaseRequest(
    @Schema(description = "Stripe-priced items: an http(s) URL to return to after paying")
        String successUrl,
    @Schema(description = "Stripe-priced items: an http(s) URL to return to when giving up")
        String cancelUrl) {}
