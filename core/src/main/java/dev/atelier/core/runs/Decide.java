package dev.atelier.core.runs;

public record Decide(Boolean approved, String toolCallId, String reason) {}
