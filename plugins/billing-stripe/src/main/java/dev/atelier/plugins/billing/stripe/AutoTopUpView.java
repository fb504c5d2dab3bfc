package dev.atelier.plugins.billing.stripe;

import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The workspace's automatic top-up. */
public record AutoTopUpView(
    @Schema(description = "Whether it tops up by itself") boolean enabled,
    @Schema(description = "Tops up when the balance falls below this many credits") long threshold,
    // a renamed component is left out when null unless it says it may be null
    @SuppressWarnings("deprecation")
        @JsonbProperty(value = "package", nillable = true)
        @Schema(nullable = true, description = "The credit package it buys")
        String pack,
    @Schema(
            nullable = true,
            description =
                "Why Stripe refused the last top-up, which switched it off; null after a success"
                    + " or when switched on again")
        String lastError) {

  static AutoTopUpView of(StripeAccount a) {
    return a == null
        ? new AutoTopUpView(false, 0, null, null)
        : new AutoTopUpView(a.autoTopUp(), a.topUpThreshold(), a.topUpPackage(), a.topUpError());
  }
}
