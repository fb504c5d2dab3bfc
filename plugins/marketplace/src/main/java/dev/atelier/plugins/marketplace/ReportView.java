package dev.atelier.plugins.marketplace;

import java.time.Instant;

/** A user's report of an item. */
public record ReportView(
    String id,
    String itemId,
    String userId,
    String workspaceId,
    String reason,
    Instant createdAt) {}
