package dev.atelier.core.accounts;

/** A password sign-in, optionally into a given workspace. */
public record LoginRequest(String email, String password, String tenantId) {}
