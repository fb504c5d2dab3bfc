package dev.atelier.core.runs;

/** Approval or denial of the tool calls a run waits for: one by id, or all. */
public record Decide(Boolean approved, String toolCallId, String reason) {}
