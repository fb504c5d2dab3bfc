package dev.atelier.core.identity;

import java.time.Instant;

/** An account as the API shows it; never its password. */
public record UserView(
    String id,
    String email,
    String name,
    boolean superuser,
    boolean disabled,
    boolean emailVerified,
    boolean twoFactorEnabled,
    Instant createdAt,
    Instant updatedAt) {
  public static UserView of(User u) {
    return new UserView(
        u.id(),
        u.email(),
        u.name(),
        u.superuser(),
        u.disabled(),
        u.emailVerified(),
        u.totpEnabled(),
        u.createdAt(),
        u.updatedAt());
  }
}
