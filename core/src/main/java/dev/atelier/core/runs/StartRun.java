package dev.atelier.core.runs;

public record StartRun(String agent, String message, String projectId) {}
