package dev.atelier.plugins.marketplace;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A moderation decision on an item. */
@Schema(requiredProperties = {"status"})
public record ModerationRequest(
    @Schema(
            description = "approved (listed again), rejected or hidden",
            enumeration = {"approved", "rejected", "hidden"})
        String status) {}
