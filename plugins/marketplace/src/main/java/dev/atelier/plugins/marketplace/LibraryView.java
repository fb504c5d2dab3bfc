package dev.atelier.plugins.marketplace;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item in the workspace's library: what it paid, when, and the version it holds. */
public record LibraryView(
    ItemView item,
    long priceCredits,
    Instant acquiredAt,
    @Schema(description = "The version installed; item.version is the latest") String version,
    @Schema(description = "Whether a newer approved version can be installed (POST .../update)")
        boolean updateAvailable) {}
