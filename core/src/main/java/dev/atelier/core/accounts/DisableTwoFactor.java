package dev.atelier.core.accounts;

/** The password and a current code (TOTP or recovery code), to turn two-factor sign-in off. */
public record DisableTwoFactor(String password, String code) {}
