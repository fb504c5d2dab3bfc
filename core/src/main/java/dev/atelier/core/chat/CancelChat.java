package dev.atelier.core.chat;

public record CancelChat(String chatId) {}
