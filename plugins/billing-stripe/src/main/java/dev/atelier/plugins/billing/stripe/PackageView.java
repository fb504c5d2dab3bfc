package dev.atelier.plugins.billing.stripe;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A credit package on sale. */
public record PackageView(
    @Schema(description = "Its key, for POST /billing/credits/purchase") String key,
    @Schema(description = "The credits it adds") long credits) {}
