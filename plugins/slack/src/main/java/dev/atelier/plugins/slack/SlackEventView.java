package dev.atelier.plugins.slack;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event Slack delivered to a bot, as the API shows it (not its payload). */
public record SlackEventView(
    @Schema(description = "Slack's event_id") String eventId,
    @Schema(description = "The event's type (app_mention, message …)") String eventType,
    @Schema(description = "received until the bot has acted on it") String status,
    @Schema(description = "When it arrived") Instant receivedAt) {

  static SlackEventView of(SlackEvent e) {
    return new SlackEventView(e.eventId(), e.eventType(), e.status(), e.receivedAt());
  }
}
