package dev.atelier.core.admin;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A workspace as superusers see it, with its member count and own rate limit. */
public record AdminTenantView(
    String id,
    String name,
    String slug,
    boolean personal,
    long members,
    @Schema(nullable = true) Integer rateLimitPerMinute,
    Instant createdAt) {}
