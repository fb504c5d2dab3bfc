package dev.atelier.core.identity;

/** A new account. */
public record RegisterRequest(String email, String password, String name) {}
