package dev.atelier.plugins.billing.stripe;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A Stripe Checkout Session: where to send the customer, and its id. */
public record CheckoutView(
    @Schema(description = "Stripe Checkout's page for this session") String url,
    @Schema(description = "The Checkout Session's id (cs_...)") String sessionId) {}
