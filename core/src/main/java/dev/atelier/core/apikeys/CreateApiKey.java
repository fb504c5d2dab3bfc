package dev.atelier.core.apikeys;

public record CreateApiKey(String name, String role, String expiresAt, String mode) {}
