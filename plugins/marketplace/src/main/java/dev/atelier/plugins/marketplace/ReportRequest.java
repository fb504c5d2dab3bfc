package dev.atelier.plugins.marketplace;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A report of an item to the moderators. */
@Schema(requiredProperties = {"reason"})
public record ReportRequest(
    @Schema(description = "What is wrong, 1-1000 characters") String reason) {}
