package dev.atelier.core.accounts;

import dev.atelier.core.identity.UserView;
import dev.atelier.core.tenancy.TenantView;

/** A new account and its personal workspace. */
public record Registered(UserView user, TenantView tenant) {}
