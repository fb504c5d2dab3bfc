package dev.atelier.core.tenancy;

import java.time.Instant;

/**
 * A workspace with the caller's role in it; {@code require_2fa}: whether members must sign in with
 * a second factor.
 */
public record TenantView(
    String id,
    String name,
    String slug,
    boolean personal,
    String role,
    boolean require_2fa,
    Instant createdAt,
    Instant updatedAt) {
  public static TenantView of(Tenant t, String role) {
    return new TenantView(
        t.id(),
        t.name(),
        t.slug(),
        t.personal(),
        role,
        t.require2fa(),
        t.createdAt(),
        t.updatedAt());
  }
}
