package dev.atelier.core.accounts;

/** A new account. */
public record RegisterRequest(String email, String password, String name) {}
