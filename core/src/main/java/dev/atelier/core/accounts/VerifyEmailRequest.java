package dev.atelier.core.accounts;

/** The token of a verification mail. */
public record VerifyEmailRequest(String token) {}
