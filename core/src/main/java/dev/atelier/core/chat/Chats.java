package dev.atelier.core.chat;

import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.runs.Run;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;

/** The chats of a tenant: start one, read one with its messages, list a project's, delete one. */
@ApplicationScoped
public class Chats {

  @Inject Transactions tx;
  @Inject ChatTurns turns;

  /** The chat with this id in the entity manager's tenant, or 404. */
  static Chat find(EntityManager em, String id) {
    Chat c = id == null || id.length() != 36 ? null : em.find(Chat.class, id);
    if (c == null) {
      throw ProblemException.notFound("The chat");
    }
    return c;
  }

  /**
   * Starts a chat of {@code userId} with agent {@code agent} about project {@code projectId},
   * titled after the first {@code message}.
   */
  Chat start(String tenantId, String userId, String projectId, String agent, String message) {
    String text = message.strip().replaceAll("\\s+", " ");
    String title = text.length() <= 80 ? text : text.substring(0, 79) + "…";
    Chat chat = new Chat(projectId, agent, title, userId);
    tx.inTenantDo(tenantId, em -> em.persist(chat));
    return chat;
  }

  /**
   * 404 unless chat {@code chatId} is one of {@code tenantId}'s; 422 when {@code runId} is given
   * and is not a turn of it.
   */
  void requireTurn(String tenantId, String chatId, String runId) {
    tx.readInTenant(
        tenantId,
        em -> {
          Chat chat = find(em, chatId);
          if (runId != null) {
            Run run = runId.length() == 36 ? em.find(Run.class, runId) : null;
            if (run == null || !chat.id().equals(run.chatId())) {
              throw ProblemException.validation("run_id", "no turn of this chat has this id");
            }
          }
          return chat;
        });
  }

  /** The chats about project {@code projectId}, most recent first. */
  public Page<ChatView> history(String tenantId, String projectId, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em ->
            Paging.page(
                em.createQuery(
                        "SELECT c FROM Chat c WHERE c.projectId = :p"
                            + " ORDER BY c.updatedAt DESC, c.id",
                        Chat.class)
                    .setParameter("p", projectId),
                em.createQuery("SELECT COUNT(c) FROM Chat c WHERE c.projectId = :p", Long.class)
                    .setParameter("p", projectId),
                page,
                ChatView::of));
  }

  /** Chat {@code chatId} with its messages, oldest first; 404 when there is none. */
  public ChatWithMessages get(String tenantId, String chatId) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Chat chat = find(em, chatId);
          List<MessageView> messages = new ArrayList<>();
          for (Run r :
              em.createQuery(
                      "SELECT r FROM Run r WHERE r.chatId = :c ORDER BY r.createdAt", Run.class)
                  .setParameter("c", chat.id())
                  .getResultList()) {
            messages.add(
                new MessageView("user", r.input(), r.id(), null, null, 0, 0, null, r.createdAt()));
            messages.add(
                new MessageView(
                    "assistant",
                    r.output(),
                    r.id(),
                    r.status().wire(),
                    r.errorCode(),
                    r.tokensInput(),
                    r.tokensOutput(),
                    r.cost(),
                    r.finishedAt()));
          }
          return new ChatWithMessages(ChatView.of(chat), messages);
        });
  }

  /** Cancels the turn in progress of chat {@code chatId}, then deletes it with its turns. */
  public void delete(String tenantId, String chatId) {
    turns.cancel(tenantId, chatId);
    tx.inTenantDo(
        tenantId,
        em -> {
          Chat chat = find(em, chatId);
          em.createQuery(
                  "DELETE FROM RunStep s WHERE s.runId IN"
                      + " (SELECT r.id FROM Run r WHERE r.chatId = :c)")
              .setParameter("c", chatId)
              .executeUpdate();
          em.createQuery("DELETE FROM Run r WHERE r.chatId = :c")
              .setParameter("c", chatId)
              .executeUpdate();
          em.remove(chat);
        });
  }
}
