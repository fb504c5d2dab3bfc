package dev.atelier.plugins.billing.stripe;

import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A credit purchase: the package's key and where Stripe sends the customer back. */
@Schema(requiredProperties = {"package", "success_url", "cancel_url"})
public record PurchaseRequest(
    @JsonbProperty("package")
        @Schema(description = "The key of a credit package (GET /billing/credits lists them)")
        String pack,
    @Schema(description = "An http(s) URL to return to after paying") String successUrl,
    @Schema(description = "An http(s) URL to return to when the customer gives up")
        String cancelUrl) {}
