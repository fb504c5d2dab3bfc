package dev.atelier.core.admin;

public record UpdateTenantLimits(Integer rateLimitPerMinute) {}
