package dev.atelier.core.metering;

import java.math.BigDecimal;

/**
 * A model call to charge: its reference (unique in the tenant's ledger, so a call is charged once),
 * the run, agent and model, the tokens and what they cost in USD.
 */
public record Charge(
    String reference,
    String runId,
    String agent,
    String model,
    long tokensInput,
    long tokensOutput,
    BigDecimal cost) {}
