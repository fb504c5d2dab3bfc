package dev.atelier.core.identity;

public record Tokens(
    String accessToken, String tokenType, long expiresIn, String refreshToken, String tenantId) {}
