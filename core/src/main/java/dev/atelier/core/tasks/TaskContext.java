package dev.atelier.core.tasks;

import jakarta.json.JsonObject;

/** What a {@link TaskHandler} knows of the task it works on, and how it reports progress. */
public interface TaskContext {

  String taskId();

  String tenantId();

  /** The project the task works on, or null. */
  String projectId();

  /** The user who started the task, or null. */
  String createdBy();

  /** The input the task was queued with. */
  JsonObject input();

  /** How often the task was started, this time included. */
  int attempts();

  /**
   * Records how far the task got ({@code percent}, 0 to 100) and what it does now; renews the
   * lease. Cheap enough to call often: writes at most twice a second.
   */
  void progress(int percent, String message);

  /**
   * Whether the task should stop: its node is stopping or lost its lease (another worker took it
   * over). A handler checks it between units of work.
   */
  boolean stopRequested();
}
