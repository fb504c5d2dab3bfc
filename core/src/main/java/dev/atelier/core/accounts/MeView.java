package dev.atelier.core.accounts;

import dev.atelier.core.identity.UserView;

/** The account with the caller's current workspace and role. */
public record MeView(UserView user, String tenantId, String role) {}
