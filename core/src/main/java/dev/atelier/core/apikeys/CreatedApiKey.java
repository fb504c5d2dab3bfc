package dev.atelier.core.apikeys;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The created key: the only response that ever carries {@code key}. */
public record CreatedApiKey(
    String id,
    String name,
    String key,
    String prefix,
    String mode,
    String role,
    Instant createdAt,
    @Schema(nullable = true) Instant expiresAt) {}
