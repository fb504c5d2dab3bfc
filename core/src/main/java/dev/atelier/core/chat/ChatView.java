package dev.atelier.core.chat;

import java.time.Instant;

public record ChatView(
    String id, String projectId, String agent, String title, Instant createdAt, Instant updatedAt) {
  static ChatView of(Chat c) {
    return new ChatView(
        c.id(), c.projectId(), c.agentName(), c.title(), c.createdAt(), c.updatedAt());
  }
}
