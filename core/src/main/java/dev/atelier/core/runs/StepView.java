package dev.atelier.core.runs;

import java.time.Instant;

/** One step of a run as the API shows it. */
public record StepView(
    int seq,
    String kind,
    String name,
    String toolCallId,
    String arguments,
    String result,
    String status,
    long tokensInput,
    long tokensOutput,
    Instant startedAt,
    Instant finishedAt,
    Long durationMs) {
  static StepView of(RunStep s) {
    return new StepView(
        s.seq(),
        s.kind(),
        s.name(),
        s.toolCallId(),
        s.arguments(),
        s.result(),
        s.status(),
        s.tokensInput(),
        s.tokensOutput(),
        s.startedAt(),
        s.finishedAt(),
        s.finishedAt() == null
            ? null
            : s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli());
  }
}
