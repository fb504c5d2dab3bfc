package dev.atelier.core.audit;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One audit event as the API shows it. */
public record AuditEventView(
    String id,
    String action,
    @Schema(nullable = true) String actorId,
    @Schema(nullable = true) String actorEmail,
    @Schema(nullable = true) String targetType,
    @Schema(nullable = true) String targetId,
    @Schema(nullable = true) String ip,
    @Schema(nullable = true) String detail,
    Instant createdAt) {}
