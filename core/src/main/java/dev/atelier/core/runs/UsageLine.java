package dev.atelier.core.runs;

import java.math.BigDecimal;

/** The usage of one day, agent or model. */
public record UsageLine(
    String key, long runs, long tokensInput, long tokensOutput, BigDecimal cost) {}
