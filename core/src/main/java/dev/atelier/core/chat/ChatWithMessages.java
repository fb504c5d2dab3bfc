package dev.atelier.core.chat;

import java.util.List;

public record ChatWithMessages(ChatView chat, List<MessageView> messages) {}
