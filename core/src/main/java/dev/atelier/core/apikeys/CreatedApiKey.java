package dev.atelier.core.apikeys;

import java.time.Instant;

/** The created key: the only response that ever carries {@code key}. */
public record CreatedApiKey(
    String id,
    String name,
    String key,
    String prefix,
    String mode,
    String role,
    Instant createdAt,
    Instant expiresAt) {}
