package dev.atelier.core.runs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A run as the API shows it; with its steps when read alone. */
public record RunView(
    String id,
    String agent,
    String projectId,
    String trigger,
    String automationId,
    Instant scheduledFor,
    String status,
    String input,
    String output,
    String errorCode,
    String error,
    String model,
    long tokensInput,
    long tokensOutput,
    BigDecimal cost,
    int stepCount,
    int attempts,
    String createdBy,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    List<StepView> steps) {
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
