package dev.atelier.core.chat;

import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One message of a chat: the person's ({@code user}) or the agent's ({@code assistant}). */
public record MessageView(
    String role,
    @Schema(nullable = true) String content,
    String runId,
    @Schema(nullable = true) String status,
    @Schema(nullable = true) String errorCode,
    long tokensInput,
    long tokensOutput,
    @Schema(nullable = true) BigDecimal cost,
    @Schema(nullable = true) Instant at) {}
