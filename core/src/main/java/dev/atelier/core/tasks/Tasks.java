package dev.atelier.core.tasks;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.ProjectDeletion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Background tasks of a workspace: queued by the features that need them ({@link #submit}), read by
 * id ({@link #get}); another workspace's task is not found.
 */
@ApplicationScoped
public class Tasks {

  @Inject Transactions tx;
  @Inject TaskQueue queue;

  /**
   * Queues a task of {@code kind} in the unit of work {@code em} (so it exists only if that unit
   * commits) and wakes the workers once it has committed.
   */
  public TaskAccepted submit(
      EntityManager em, String kind, String projectId, JsonObject input, String userId) {
    Task t = new Task(kind, projectId, input.toString(), userId);
    em.persist(t);
    Transactions.afterCommit(queue::wake);
    return new TaskAccepted(t.id(), t.kind(), t.status());
  }

  /**
   * Folds new work into a task not started yet, in the unit of work {@code em}: the newest {@code
   * queued} task of {@code kind} on {@code projectId} whose input {@code same} accepts takes {@code
   * input} instead, as when a second push arrives before the pull of the first started. Empty when
   * there is none. The caller holds the project's row lock, which a worker takes to claim a task of
   * a lane, so the task cannot start meanwhile.
   */
  public java.util.Optional<TaskAccepted> fold(
      EntityManager em,
      String kind,
      String projectId,
      JsonObject input,
      java.util.function.Predicate<JsonObject> same) {
    List<Task> queued =
        em.createQuery(
                "SELECT t FROM Task t WHERE t.projectId = :p AND t.kind = :k AND t.status ="
                    + " 'queued' ORDER BY t.createdAt DESC",
                Task.class)
            .setParameter("p", projectId)
            .setParameter("k", kind)
            .setMaxResults(1)
            .getResultList();
    if (queued.isEmpty() || !same.test(TaskQueue.parse(queued.get(0).input()))) {
      return java.util.Optional.empty();
    }
    Task t = queued.get(0);
    t.replaceInput(input.toString());
    return java.util.Optional.of(new TaskAccepted(t.id(), t.kind(), t.status()));
  }

  /** The task {@code id} of the tenant; 404 when there is none. */
  public TaskView get(String tenantId, String id) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Task t = id == null ? null : em.find(Task.class, id);
          if (t == null) {
            throw ApiException.notFound("The task");
          }
          return view(t);
        });
  }

  /**
   * Whether a task of one of {@code kinds} on {@code projectId} is queued, running or waiting: a
   * feature refuses to start a second one that would work on the same files.
   */
  public boolean active(EntityManager em, String projectId, List<String> kinds) {
    return em.createQuery(
                "SELECT COUNT(t) FROM Task t WHERE t.projectId = :p AND t.kind IN :k"
                    + " AND t.status IN ('queued', 'running', 'waiting')",
                Long.class)
            .setParameter("p", projectId)
            .setParameter("k", kinds)
            .getSingleResult()
        > 0;
  }

  /**
   * Queues task {@code id} again if it is {@code waiting} (see {@link TaskWait}), in the unit of
   * work {@code em}; wakes the workers once it has committed. Whether it was waiting: false for a
   * task not parked yet (its handler has not thrown {@link TaskWait} so far) or that ended.
   */
  public boolean resume(EntityManager em, String id) {
    int n =
        em.createQuery(
                "UPDATE Task t SET t.status = 'queued', t.updatedAt = :now"
                    + " WHERE t.id = :id AND t.status = 'waiting'")
            .setParameter("now", dev.atelier.core.persistence.Times.now())
            .setParameter("id", id)
            .executeUpdate();
    if (n > 0) {
      Transactions.afterCommit(queue::wake);
    }
    return n > 0;
  }

  /** The status of task {@code id} in the unit of work's tenant, or null when there is none. */
  public String status(EntityManager em, String id) {
    Task t = em.find(Task.class, id);
    return t == null ? null : t.status();
  }

  /** Deletes the tasks of a project being deleted, in its deleting transaction. */
  void deleteOf(@Observes ProjectDeletion.Deleting deletion) {
    deletion
        .em()
        .createQuery("DELETE FROM Task t WHERE t.projectId = :p")
        .setParameter("p", deletion.projectId())
        .executeUpdate();
  }

  static TaskView view(Task t) {
    TaskError error = null;
    if (t.error() != null) {
      JsonObject e = TaskQueue.parse(t.error());
      error =
          new TaskError(
              e.getInt("status", 500),
              e.getString("code", "task_failed"),
              e.getString("title", "Task failed"),
              e.getString("detail", null),
              e.containsKey("paths")
                  ? e.getJsonArray("paths").getValuesAs(jakarta.json.JsonString.class).stream()
                      .map(jakarta.json.JsonString::getString)
                      .toList()
                  : List.of());
    }
    return new TaskView(
        t.id(),
        t.kind(),
        t.status(),
        t.projectId(),
        t.progress(),
        t.message(),
        t.result() == null ? null : TaskQueue.parse(t.result()),
        error,
        t.attempts(),
        t.createdBy(),
        t.createdAt(),
        t.startedAt(),
        t.finishedAt(),
        t.updatedAt());
  }
}
