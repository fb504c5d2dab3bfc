package dev.atelier.core.tenancy;

public record ChangeRole(String role) {}
