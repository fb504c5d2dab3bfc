package dev.atelier.core.audit;

import java.time.Instant;

/** One audit event as the API shows it. */
public record AuditEventView(
    String id,
    String action,
    String actorId,
    String actorEmail,
    String targetType,
    String targetId,
    String ip,
    String detail,
    Instant createdAt) {}
