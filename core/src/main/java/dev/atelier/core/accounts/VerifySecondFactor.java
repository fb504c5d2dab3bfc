package dev.atelier.core.accounts;

/**
 * The second step of a sign-in: its {@code mfa_token}, the method ({@code totp}, {@code email} or
 * {@code recovery_code}) and the code.
 */
public record VerifySecondFactor(String mfaToken, String method, String code) {}
