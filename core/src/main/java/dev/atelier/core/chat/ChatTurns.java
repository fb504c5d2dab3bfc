package dev.atelier.core.chat;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.core.runs.EventSink;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.RunEvents;
import dev.atelier.core.runs.RunStreams;
import dev.atelier.core.runs.Runs;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.LockModeType;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The turns of chats, for every way a client talks (server-sent events, WebSocket): start one (a
 * run in the chat), follow it as chat events, find and cancel the one in progress.
 */
@ApplicationScoped
public class ChatTurns {

  /** Event types of a run as a chat client sees them; others are left out. */
  static final Map<String, String> CHAT_EVENTS =
      Map.of(
          "message.delta", "message.delta",
          "tool.call", "tool.call",
          "tool.result", "tool.result",
          "run.awaiting_approval", "approval.required",
          "run.succeeded", "message.done",
          "run.failed", "error",
          "run.cancelled", "error");

  @Inject Transactions tx;
  @Inject Runs runs;
  @Inject RunStreams streams;

  /**
   * Queues the next turn of chat {@code chatId} (404 when there is none): a run of its agent on
   * {@code message}. One turn at a time: the chat's row is locked while the turns in progress are
   * checked, so two clients cannot both start one (409 {@code turn_in_progress}); 422 when {@code
   * projectId} is given and the chat is about another project.
   */
  Run next(String tenantId, String userId, String chatId, String projectId, String message) {
    runs.admit(tenantId);
    return tx.inTenant(
        tenantId,
        em -> {
          Chat chat = Chats.find(em, chatId);
          em.lock(chat, LockModeType.PESSIMISTIC_WRITE);
          if (projectId != null && !chat.projectId().equals(projectId)) {
            throw ProblemException.validation("chat_id", "the chat belongs to another project");
          }
          Long active =
              em.createQuery(
                      "SELECT COUNT(r) FROM Run r WHERE r.chatId = :c AND r.status IN"
                          + " ('queued', 'running', 'awaiting_approval')",
                      Long.class)
                  .setParameter("c", chat.id())
                  .getSingleResult();
          if (active > 0) {
            throw ProblemException.conflict(
                "turn_in_progress",
                "The chat is answering: wait for its message.done or error, or cancel it.");
          }
          chat.touch();
          return runs.enqueue(
              em,
              new Run(chat.agentName(), chat.projectId(), "chat", message, userId)
                  .inChat(chat.id()));
        });
  }

  /** Refuses a turn with 402 {@code insufficient_credits} when the workspace is out of credits. */
  void admit(String tenantId) {
    runs.admit(tenantId);
  }

  /** Queues the next turn of {@code chat}: a run of its agent on {@code message}. */
  Run start(String tenantId, String userId, Chat chat, String message) {
    return runs.enqueue(
        tenantId,
        new Run(chat.agentName(), chat.projectId(), "chat", message, userId).inChat(chat.id()));
  }

  /**
   * Streams turn {@code runId} of chat {@code chatId} to {@code sink} as chat events, starting with
   * {@code chat.started} and then the run's events after number {@code after}.
   */
  void follow(String tenantId, String chatId, String runId, long after, EventSink sink) {
    RunEvents.Event first =
        new RunEvents.Event(
            0,
            "chat.started",
            JSON.createObjectBuilder()
                .add("chat_id", chatId)
                .add("run_id", runId)
                .build()
                .toString());
    streams.stream(tenantId, runId, after, sink, e -> chatView(chatId, runId, e), first);
  }

  /** A run event as the chat stream shows it. */
  static Optional<RunEvents.Event> chatView(String chatId, String runId, RunEvents.Event e) {
    String type = CHAT_EVENTS.get(e.type());
    if (type == null) {
      return Optional.empty();
    }
    JsonObject data;
    try (JsonReader r = JSON.createReader(new StringReader(e.data()))) {
      data = r.readObject();
    }
    var out = JSON.createObjectBuilder(data).add("chat_id", chatId).add("run_id", runId);
    if ("run.cancelled".equals(e.type())) {
      out.add("code", "cancelled").add("message", "The answer was cancelled.");
    } else if ("run.failed".equals(e.type())) {
      out.add("code", data.getString("error_code", "run_failed"))
          .add("message", data.getString("error", "The run failed."));
    } else if ("run.succeeded".equals(e.type())) {
      out.add("content", data.getString("output", ""));
    }
    return Optional.of(new RunEvents.Event(e.seq(), type, out.build().toString()));
  }

  /** The runs of chat {@code chatId} not finished yet, oldest first; 404 when there is no chat. */
  List<Run> inProgress(String tenantId, String chatId) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Chats.find(em, chatId);
          return em.createQuery(
                  "SELECT r FROM Run r WHERE r.chatId = :c AND r.status IN"
                      + " ('queued', 'running', 'awaiting_approval') ORDER BY r.createdAt",
                  Run.class)
              .setParameter("c", chatId)
              .getResultList();
        });
  }

  /** Cancels the turns of chat {@code chatId} in progress; false when there were none. */
  boolean cancel(String tenantId, String chatId) {
    List<Run> active = inProgress(tenantId, chatId);
    for (Run r : active) {
      try {
        runs.cancel(tenantId, r.id());
      } catch (ProblemException finishedMeanwhile) {
        // nothing left to cancel
      }
    }
    return !active.isEmpty();
  }

  /**
   * Deletes the chats of a project being deleted, in its deleting transaction; their turns are the
   * project's runs, which {@code Runs} removes in the same transaction.
   */
  void deleteAllOf(@Observes @Priority(300) ProjectDeletion.Deleting deletion) {
    deletion
        .em()
        .createQuery("DELETE FROM Chat c WHERE c.projectId = :p")
        .setParameter("p", deletion.projectId())
        .executeUpdate();
  }
}
