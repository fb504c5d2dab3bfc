package dev.atelier.core.accounts;

/** The tokens of a session in one workspace. */
public record Tokens(
    String accessToken, String tokenType, long expiresIn, String refreshToken, String tenantId) {}
