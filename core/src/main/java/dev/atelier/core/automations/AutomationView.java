package dev.atelier.core.automations;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An automation as the API shows it, with its next due time and its last run. */
public record AutomationView(
    String id,
    String name,
    @Schema(nullable = true) String description,
    @Schema(nullable = true, description = "The cron schedule; null for an event's automation")
        String cron,
    @Schema(
            nullable = true,
            description = "The event that fires it (git.pushed); null for a cron schedule",
            enumeration = {"git.pushed"})
        String event,
    String timezone,
    String agent,
    @Schema(nullable = true) String projectId,
    String message,
    boolean enabled,
    @Schema(nullable = true) Instant nextRunAt,
    @Schema(nullable = true) Instant lastRunAt,
    @Schema(nullable = true) String lastRunId,
    @Schema(nullable = true) String lastRunStatus,
    Instant createdAt,
    Instant updatedAt,
    String createdBy) {
  static AutomationView of(Automation a, String lastRunStatus) {
    return new AutomationView(
        a.id(),
        a.name(),
        a.description(),
        a.cron(),
        a.eventType(),
        a.timezone(),
        a.agentName(),
        a.projectId(),
        a.message(),
        a.enabled(),
        a.nextRunAt(),
        a.lastRunAt(),
        a.lastRunId(),
        lastRunStatus,
        a.createdAt(),
        a.updatedAt(),
        a.createdBy());
  }
}
