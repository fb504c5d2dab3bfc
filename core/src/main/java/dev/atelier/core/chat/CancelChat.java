package dev.atelier.core.chat;

/** The chat whose turn in progress to cancel. */
public record CancelChat(String chatId) {}
