package dev.atelier.plugins.marketplace;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A payment page for an item sold at a Stripe price: the item joins the library once paid. */
public record CheckoutView(
    @Schema(description = "Send the buyer here (Stripe Checkout)") String checkoutUrl,
    @Schema(description = "The Checkout Session's id") String sessionId) {}
