package dev.atelier.core.identity;

/** A password sign-in, optionally into a given workspace. */
public record LoginRequest(String email, String password, String tenantId) {}
