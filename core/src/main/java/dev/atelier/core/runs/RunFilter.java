package dev.atelier.core.runs;

/** What a list of runs is narrowed to; each filter may be null. */
public record RunFilter(
    String status, String agent, String trigger, String automationId, String before) {}
