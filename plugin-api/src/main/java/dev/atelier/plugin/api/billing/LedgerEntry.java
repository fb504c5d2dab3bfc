package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import java.time.Instant;

/**
 * One entry of a tenant's ledger: its kind ({@code grant}, {@code purchase}, {@code consumption},
 * {@code refund}, {@code adjustment}), the signed amount, the balance after it, its reference, and
 * for consumption the run, agent, model and tokens it paid for.
 *
 * @since 1.1.0
 */
@Incubating
public record LedgerEntry(
    String id,
    String kind,
    long amount,
    long balanceAfter,
    String reference,
    String description,
    String runId,
    String agent,
    String model,
    long tokensInput,
    long tokensOutput,
    Instant createdAt) {}
