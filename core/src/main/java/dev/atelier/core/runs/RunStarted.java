package dev.atelier.core.runs;

/** The id and status of a run just queued. */
public record RunStarted(String runId, String status) {}
