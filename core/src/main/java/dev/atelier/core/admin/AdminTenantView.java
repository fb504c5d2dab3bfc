package dev.atelier.core.admin;

import java.time.Instant;

public record AdminTenantView(
    String id,
    String name,
    String slug,
    boolean personal,
    long members,
    Integer rateLimitPerMinute,
    Instant createdAt) {}
