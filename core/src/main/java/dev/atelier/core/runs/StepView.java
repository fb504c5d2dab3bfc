package dev.atelier.core.runs;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One step of a run as the API shows it. */
public record StepView(
    int seq,
    String kind,
    @Schema(nullable = true) String name,
    @Schema(nullable = true) String toolCallId,
    @Schema(nullable = true) String arguments,
    @Schema(nullable = true) String result,
    String status,
    long tokensInput,
    long tokensOutput,
    Instant startedAt,
    @Schema(nullable = true) Instant finishedAt,
    @Schema(nullable = true) Long durationMs) {
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
