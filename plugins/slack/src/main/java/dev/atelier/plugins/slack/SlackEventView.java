package dev.atelier.plugins.slack;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event Slack delivered to a bot, as the API shows it (not its payload). */
public record SlackEventView(
    @Schema(description = "Slack's event_id") String eventId,
    @Schema(description = "The event's type (app_mention, message …)") String eventType,
    @Schema(
            description = "What the bot did with it",
            enumeration = {"received", "posted", "answering", "answered", "ignored", "refused"})
        String status,
    @Schema(description = "Why it was ignored or refused, or how the answer ended", nullable = true)
        String detail,
    @Schema(description = "The run that answers it", nullable = true) String runId,
    @Schema(description = "When it arrived") Instant receivedAt,
    @Schema(description = "When the bot last acted on it") Instant updatedAt) {

  static SlackEventView of(SlackEvent e) {
    return new SlackEventView(
        e.eventId(),
        e.eventType(),
        e.status(),
        e.detail(),
        e.runId(),
        e.receivedAt(),
        e.updatedAt());
  }
}
