package dev.atelier.core.identity;

/** The account with the caller's current workspace and role. */
public record MeView(UserView user, String tenantId, String role) {}
