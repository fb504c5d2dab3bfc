package dev.atelier.core.identity;

import dev.atelier.core.tenancy.TenantView;

public record Registered(UserView user, TenantView tenant) {}
