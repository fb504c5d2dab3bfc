package dev.atelier.core.accounts;

/** A refresh token to exchange for new tokens. */
public record RefreshRequest(String refreshToken) {}
