package dev.atelier.core.accounts;

/** The workspace to get tokens for. */
public record SwitchTenantRequest(String tenantId) {}
