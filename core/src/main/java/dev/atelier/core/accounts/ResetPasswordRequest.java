package dev.atelier.core.accounts;

/** The token of a password-reset mail and the new password. */
public record ResetPasswordRequest(String token, String password) {}
