package dev.atelier.core.apikeys;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API key as the API shows it: its prefix, never its secret. */
public record ApiKeyView(
    String id,
    String name,
    String prefix,
    String mode,
    String role,
    String userId,
    Instant createdAt,
    @Schema(nullable = true) Instant expiresAt,
    @Schema(nullable = true) Instant lastUsedAt,
    @Schema(nullable = true) Instant revokedAt) {
  static ApiKeyView of(ApiKey k) {
    return new ApiKeyView(
        k.id(),
        k.name(),
        "atl_" + k.mode() + "_" + k.prefix(),
        k.mode(),
        k.role().wire(),
        k.userId(),
        k.createdAt(),
        k.expiresAt(),
        k.lastUsedAt(),
        k.revokedAt());
  }
}
