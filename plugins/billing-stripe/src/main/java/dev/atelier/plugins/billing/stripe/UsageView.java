package dev.atelier.plugins.billing.stripe;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Consumption of one day, agent or model. */
public record UsageView(
    @Schema(description = "The day (YYYY-MM-DD, UTC), agent or model") String key,
    @Schema(description = "Credits charged") long credits,
    @Schema(description = "Model calls") long calls,
    @Schema(description = "Input tokens") long tokensInput,
    @Schema(description = "Output tokens") long tokensOutput) {}
