package dev.atelier.core.chat;

public record ChatTurn(String projectId, String agent, String message, String chatId) {}
