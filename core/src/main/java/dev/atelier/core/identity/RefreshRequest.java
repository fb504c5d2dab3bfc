package dev.atelier.core.identity;

public record RefreshRequest(String refreshToken) {}
