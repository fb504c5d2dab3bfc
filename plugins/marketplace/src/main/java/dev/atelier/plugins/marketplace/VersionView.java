package dev.atelier.plugins.marketplace;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One published version of a base. */
public record VersionView(
    String version, @Schema(nullable = true) String notes, Instant createdAt) {}
