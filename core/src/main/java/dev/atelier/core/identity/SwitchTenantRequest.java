package dev.atelier.core.identity;

public record SwitchTenantRequest(String tenantId) {}
