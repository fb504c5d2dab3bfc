package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;

/**
 * Where a chat turn (a run) stands.
 *
 * @param runId the run
 * @param status {@code queued}, {@code running}, {@code awaiting_approval}, {@code succeeded},
 *     {@code failed} or {@code cancelled}
 * @param output the answer once succeeded, else null
 * @param errorCode the stable code of a failure ({@code insufficient_credits}, {@code
 *     model_provider_unavailable} …), else null
 * @param error what went wrong, for people, else null
 * @since 1.1.0
 */
@Incubating
public record TurnOutcome(
    String runId, String status, String output, String errorCode, String error) {

  /** Whether the turn has ended (succeeded, failed or cancelled). */
  public boolean finished() {
    return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
  }
}
