package dev.atelier.core.tasks;

import jakarta.json.JsonObject;

/**
 * The work of one kind of task ({@code git.clone}, later deployments and agent changes): an
 * {@code @ApplicationScoped} bean of a feature package; {@link TaskQueue} finds it by {@link
 * #kind()} and calls it on a worker thread, on whatever node claimed the task.
 *
 * <p>A handler ends by returning its result (stored as the task's {@code result}) or by throwing a
 * {@link dev.atelier.plugin.api.web.ProblemException}, which becomes the task's {@code error} as
 * the problem a synchronous request would have answered; any other exception fails the task with
 * {@code task_failed} and is logged.
 */
public interface TaskHandler {

  /** The kind of task this handler does, such as {@code git.clone}. */
  String kind();

  /**
   * Whether a task of this kind whose node stopped while it worked may be started again from the
   * beginning (its work is idempotent); otherwise it fails with {@code task_interrupted} and {@link
   * #interrupted} cleans up after it.
   */
  default boolean resumable() {
    return false;
  }

  /**
   * The lane of this kind of task, or null for none: of the tasks of one lane and one project, one
   * runs (or waits) at a time and the others are started in the order they were queued. Tasks that
   * work on a project's repository share lane {@code git}.
   */
  default String lane() {
    return null;
  }

  /** Does the task; {@code context} reports progress and tells of cancellation. */
  JsonObject run(TaskContext context) throws Exception;

  /**
   * Called once for a task of this kind that was interrupted (its node stopped during it) and will
   * not be started again: undoes what it left half done. A handler cleans up after its own failures
   * before it throws. Must not throw.
   */
  default void interrupted(TaskContext context) {}
}
