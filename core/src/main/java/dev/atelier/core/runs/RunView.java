package dev.atelier.core.runs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A run as the API shows it; with its steps when read alone. */
public record RunView(
    String id,
    String agent,
    @Schema(nullable = true) String projectId,
    String trigger,
    @Schema(nullable = true) String automationId,
    @Schema(nullable = true) Instant scheduledFor,
    String status,
    String input,
    @Schema(nullable = true) String output,
    @Schema(nullable = true) String errorCode,
    @Schema(nullable = true) String error,
    @Schema(nullable = true) String model,
    long tokensInput,
    long tokensOutput,
    BigDecimal cost,
    int stepCount,
    int attempts,
    @Schema(nullable = true) String createdBy,
    Instant createdAt,
    @Schema(nullable = true) Instant startedAt,
    @Schema(nullable = true) Instant finishedAt,
    @Schema(nullable = true) List<StepView> steps) {
  static RunView of(Run r, List<StepView> steps) {
    return new RunView(
        r.id(),
        r.agentName(),
        r.projectId(),
        r.trigger(),
        r.automationId(),
        r.scheduledFor(),
        r.status().wire(),
        r.input(),
        r.output(),
        r.errorCode(),
        r.error(),
        r.model(),
        r.tokensInput(),
        r.tokensOutput(),
        r.cost(),
        r.stepCount(),
        r.attempts(),
        r.createdBy(),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        steps);
  }
}
