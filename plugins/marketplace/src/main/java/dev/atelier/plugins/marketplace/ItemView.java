package dev.atelier.plugins.marketplace;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item as the marketplace shows it; content only in details. */
public record ItemView(
    String id,
    @Schema(enumeration = {"agent", "base"}) String kind,
    String slug,
    String name,
    @Schema(nullable = true) String description,
    @Schema(nullable = true) String category,
    List<String> tags,
    @Schema(nullable = true) String icon,
    @Schema(enumeration = {"public", "unlisted"}) String visibility,
    long priceCredits,
    @Schema(description = "The Stripe price it is sold at instead of credits", nullable = true)
        String stripePriceId,
    @Schema(enumeration = {"free", "credits", "stripe"}) String pricing,
    @Schema(enumeration = {"approved", "rejected", "hidden"}) String status,
    String version,
    String creatorWorkspaceId,
    double rating,
    long ratingCount,
    long installs,
    @Schema(description = "Moderation lists only: how many users reported it", nullable = true)
        Long reports,
    Instant createdAt,
    Instant updatedAt,
    @Schema(
            description =
                "Details only: an agent's spec, or a base's {files, agents}; null in lists",
            nullable = true)
        JsonValue content) {}
