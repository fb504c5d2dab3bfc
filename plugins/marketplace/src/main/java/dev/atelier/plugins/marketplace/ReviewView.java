package dev.atelier.plugins.marketplace;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A review of an item. */
public record ReviewView(
    String id,
    String itemId,
    String userId,
    int rating,
    @Schema(nullable = true) String text,
    Instant createdAt) {}
