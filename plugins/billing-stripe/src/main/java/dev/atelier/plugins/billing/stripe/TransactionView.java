package dev.atelier.plugins.billing.stripe;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of the workspace's credit ledger. */
public record TransactionView(
    String id,
    @Schema(description = "grant, purchase, consumption, refund or adjustment") String kind,
    @Schema(description = "Credits added (negative: taken)") long amount,
    @Schema(description = "The balance after it") long balanceAfter,
    @Schema(nullable = true, description = "What it stands for: a Stripe id, or a run's step")
        String reference,
    @Schema(nullable = true) String description,
    @Schema(nullable = true, description = "The run a consumption paid for") String runId,
    @Schema(nullable = true) String agent,
    @Schema(nullable = true) String model,
    long tokensInput,
    long tokensOutput,
    Instant createdAt) {}
