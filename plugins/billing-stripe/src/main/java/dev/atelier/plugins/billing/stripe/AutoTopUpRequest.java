package dev.atelier.plugins.billing.stripe;

import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The automatic top-up as an admin sets it. */
@Schema(requiredProperties = {"enabled"})
public record AutoTopUpRequest(
    @Schema(description = "Whether to top up by itself") Boolean enabled,
    @Schema(
            nullable = true,
            description =
                "Top up when the balance falls below this many credits, 0 or more; required when"
                    + " enabled")
        Long threshold,
    @JsonbProperty("package")
        @Schema(
            nullable = true,
            description =
                "The credit package to buy (GET /billing/credits lists them); required when"
                    + " enabled")
        String pack) {}
