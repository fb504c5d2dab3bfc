package dev.atelier.core.admin;

import java.time.Instant;

/** A workspace as superusers see it, with its member count and own rate limit. */
public record AdminTenantView(
    String id,
    String name,
    String slug,
    boolean personal,
    long members,
    Integer rateLimitPerMinute,
    Instant createdAt) {}
