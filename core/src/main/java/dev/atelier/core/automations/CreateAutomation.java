package dev.atelier.core.automations;

public record CreateAutomation(
    String name,
    String description,
    String cron,
    String timezone,
    String agent,
    String projectId,
    String message,
    Boolean enabled) {}
