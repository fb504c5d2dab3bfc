package dev.atelier.core.runs;

/** A run to start: an agent, a message and optionally a project. */
public record StartRun(String agent, String message, String projectId) {}
