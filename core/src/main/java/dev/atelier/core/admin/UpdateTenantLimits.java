package dev.atelier.core.admin;

/** A workspace's own rate limit, in requests per minute; null for the default. */
public record UpdateTenantLimits(Integer rateLimitPerMinute) {}
