package dev.atelier.core.tenancy;

import java.time.Instant;

/** A workspace with the caller's role in it. */
public record TenantView(
    String id,
    String name,
    String slug,
    boolean personal,
    String role,
    Instant createdAt,
    Instant updatedAt) {
  public static TenantView of(Tenant t, String role) {
    return new TenantView(
        t.id(), t.name(), t.slug(), t.personal(), role, t.createdAt(), t.updatedAt());
  }
}
