package dev.atelier.core.identity;

public record LoginRequest(String email, String password, String tenantId) {}
