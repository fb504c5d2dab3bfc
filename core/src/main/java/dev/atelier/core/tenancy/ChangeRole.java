package dev.atelier.core.tenancy;

/** A member's new role. */
public record ChangeRole(String role) {}
