package dev.atelier.core.identity;

import dev.atelier.core.tenancy.TenantView;

/** A new account and its personal workspace. */
public record Registered(UserView user, TenantView tenant) {}
