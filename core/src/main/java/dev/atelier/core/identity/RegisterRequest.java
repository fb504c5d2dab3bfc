package dev.atelier.core.identity;

public record RegisterRequest(String email, String password, String name) {}
