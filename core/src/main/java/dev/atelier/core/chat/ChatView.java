package dev.atelier.core.chat;

import java.time.Instant;

/** A chat as the API shows it, without its messages. */
public record ChatView(
    String id, String projectId, String agent, String title, Instant createdAt, Instant updatedAt) {
  static ChatView of(Chat c) {
    return new ChatView(
        c.id(), c.projectId(), c.agentName(), c.title(), c.createdAt(), c.updatedAt());
  }
}
