package dev.atelier.core.chat;

/** A message to an agent about a project: a new chat, or the next turn of {@code chatId}. */
public record ChatTurn(String projectId, String agent, String message, String chatId) {}
