package dev.atelier.core.identity;

/** A refresh token to exchange for new tokens. */
public record RefreshRequest(String refreshToken) {}
