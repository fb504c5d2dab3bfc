package dev.atelier.plugins.marketplace;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A review: 1 to 5 stars and an optional text. */
@Schema(requiredProperties = {"rating"})
public record ReviewRequest(
    @Schema(description = "1 to 5") Integer rating,
    @Schema(description = "At most 2000 characters", nullable = true) String text) {}
