package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;

/**
 * A chat turn that was queued.
 *
 * @param chatId the chat (new or continued)
 * @param runId the run that answers; {@link dev.atelier.plugin.api.event.CoreEvents#RUN_FINISHED}
 *     has it as subject
 * @since 1.1.0
 */
@Incubating
public record ChatTurnStarted(String chatId, String runId) {}
