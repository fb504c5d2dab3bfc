package dev.atelier.core.automations;

/** The fields to change; absent (null) ones stay, an empty description or project_id clears. */
public record UpdateAutomation(
    String name,
    String description,
    String cron,
    String timezone,
    String agent,
    String projectId,
    String message,
    Boolean enabled) {}
