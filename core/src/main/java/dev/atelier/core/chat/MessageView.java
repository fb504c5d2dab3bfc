package dev.atelier.core.chat;

import java.math.BigDecimal;
import java.time.Instant;

/** One message of a chat: the person's ({@code user}) or the agent's ({@code assistant}). */
public record MessageView(
    String role,
    String content,
    String runId,
    String status,
    String errorCode,
    long tokensInput,
    long tokensOutput,
    BigDecimal cost,
    Instant at) {}
