package dev.atelier.core.identity;

/** The workspace to get tokens for. */
public record SwitchTenantRequest(String tenantId) {}
