package dev.atelier.core.automations;

/**
 * A new automation: a run of an agent on a message on a cron schedule in a time zone, or on an
 * event (git.pushed).
 */
public record CreateAutomation(
    String name,
    String description,
    String cron,
    String event,
    String timezone,
    String agent,
    String projectId,
    String message,
    Boolean enabled) {}
