package dev.atelier.core.apikeys;

/** A new API key: its name and, optionally, role, expiry and mode (live or test). */
public record CreateApiKey(String name, String role, String expiresAt, String mode) {}
