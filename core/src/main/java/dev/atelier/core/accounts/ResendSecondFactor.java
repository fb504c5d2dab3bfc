package dev.atelier.core.accounts;

/** The {@code mfa_token} of a sign-in whose e-mail code is to be sent. */
public record ResendSecondFactor(String mfaToken) {}
