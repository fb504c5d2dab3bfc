package dev.atelier.core.accounts;

/** The address of the account whose password is forgotten. */
public record ForgotPasswordRequest(String email) {}
