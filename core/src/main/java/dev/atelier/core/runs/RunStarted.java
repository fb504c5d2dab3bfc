package dev.atelier.core.runs;

public record RunStarted(String runId, String status) {}
