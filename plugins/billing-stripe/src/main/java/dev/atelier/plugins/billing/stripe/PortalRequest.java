package dev.atelier.plugins.billing.stripe;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A customer-portal session: where Stripe sends the customer back. */
@Schema(requiredProperties = {"return_url"})
public record PortalRequest(
    @Schema(description = "An http(s) URL to return to") String returnUrl) {}
