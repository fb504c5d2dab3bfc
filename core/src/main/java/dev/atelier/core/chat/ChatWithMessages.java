package dev.atelier.core.chat;

import java.util.List;

/** A chat with its messages, oldest first. */
public record ChatWithMessages(ChatView chat, List<MessageView> messages) {}
