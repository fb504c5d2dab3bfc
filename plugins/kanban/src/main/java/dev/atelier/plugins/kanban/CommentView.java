package dev.atelier.plugins.kanban;

import java.time.Instant;

/** A comment as the API shows it. */
public record CommentView(
    String id, String taskId, String authorId, String body, Instant createdAt) {

  static CommentView of(KanbanComment c) {
    return new CommentView(c.id(), c.taskId(), c.authorId(), c.body(), c.createdAt());
  }
}
