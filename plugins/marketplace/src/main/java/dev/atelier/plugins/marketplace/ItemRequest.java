package dev.atelier.plugins.marketplace;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item to publish (POST: name and content required) or its changes (PATCH: absent members stay
 * as they are).
 */
public record ItemRequest(
    @Schema(description = "1-100 characters") String name,
    @Schema(description = "Lowercase letters, digits and dashes; from the name when absent")
        String slug,
    @Schema(description = "At most 4000 characters", nullable = true) String description,
    @Schema(description = "Lowercase letters, digits and dashes, at most 40", nullable = true)
        String category,
    @Schema(
            description = "At most 10 tags of lowercase letters, digits and dashes",
            nullable = true)
        List<String> tags,
    @Schema(description = "An https URL of the icon", nullable = true) String icon,
    @Schema(description = "public (listed) or unlisted (found by id or slug); default public")
        String visibility,
    @Schema(description = "The price in credits, 0 (free, the default) to 1,000,000")
        Long priceCredits,
    @Schema(
            description =
                "A Stripe price (price_...) to sell at instead of credits; bought through Stripe"
                    + " Checkout",
            nullable = true)
        String stripePriceId,
    @Schema(description = "An agent's spec as JSON (docs/agents.md); agents only", nullable = true)
        JsonObject spec,
    @Schema(
            description = "A base's files, by relative path, as text (at most 200); bases only",
            nullable = true)
        Map<String, String> files,
    @Schema(description = "A base's agent specs; bases only", nullable = true)
        List<JsonObject> agents,
    @Schema(description = "A base's version, like 1.0.0 (default for the first)", nullable = true)
        String version,
    @Schema(description = "What the version changes", nullable = true) String notes,
    @Schema(
            description =
                "The package manifest: {format: 1, requires?: \"1.1.0\"}. format is the package"
                    + " format (this server reads 1); requires the lowest plugin API version the"
                    + " package needs. An unknown format or a newer requirement is a 422",
            nullable = true)
        JsonObject manifest) {}
