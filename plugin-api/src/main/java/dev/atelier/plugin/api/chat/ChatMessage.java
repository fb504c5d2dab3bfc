package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;

/**
 * A message for an agent.
 *
 * @param agent the agent's name (for a new chat; a chat keeps its agent)
 * @param project the project's id or slug the chat is about (for a new chat)
 * @param chatId the chat it continues, or null to start one
 * @param text what the person wrote
 * @param actingUserId the member on whose behalf the turn runs (and is billed, audited)
 * @since 1.1.0
 */
@Incubating
public record ChatMessage(
    String agent, String project, String chatId, String text, String actingUserId) {}
