package dev.atelier.core.chat;

import dev.atelier.core.agents.AgentSpec;
import dev.atelier.core.agents.Agents;
import dev.atelier.core.api.JsonP;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.AgentChatsSource;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.RunEvents;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.tenancy.Membership;
import dev.atelier.core.tenancy.Tenancy;
import dev.atelier.plugin.api.chat.AgentChats;
import dev.atelier.plugin.api.chat.AgentRef;
import dev.atelier.plugin.api.chat.ChatMessage;
import dev.atelier.plugin.api.chat.ChatTurnStarted;
import dev.atelier.plugin.api.chat.TurnOutcome;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Agent chats as plugins see them ({@code PluginSession.chats()}): the same chats, turns and rules
 * as {@code /api/v1/chat}, with the turn run on behalf of a member the plugin names (a Slack bot's
 * owner), who must still be an operator or admin of the workspace.
 */
@ApplicationScoped
public class PluginChats implements AgentChatsSource {

  @Inject Transactions tx;
  @Inject Tenancy tenancy;
  @Inject Agents agents;
  @Inject Projects projects;
  @Inject Chats chats;
  @Inject ChatTurns turns;
  @Inject RunEvents events;

  @Override
  public AgentChats forTenant(String tenantId) {
    return new TenantChats(tenantId);
  }

  private final class TenantChats implements AgentChats {

    private final String tenantId;

    TenantChats(String tenantId) {
      this.tenantId = tenantId;
    }

    @Override
    public List<AgentRef> agents(Set<String> labels) {
      return agents.specs(tenantId).stream()
          .filter(s -> labels.isEmpty() || s.labels().stream().anyMatch(labels::contains))
          .map(PluginChats::ref)
          .toList();
    }

    @Override
    public ChatTurnStarted send(ChatMessage m) {
      Check.body(m)
          .text("text", m.text(), Runs.MESSAGE_MAX)
          .required("acting_user_id", m.actingUserId())
          .optionalText("chat_id", m.chatId(), 36)
          .done();
      Optional<Membership> member =
          tx.readInTenant(tenantId, em -> tenancy.membership(em, tenantId, m.actingUserId()));
      if (member.isEmpty() || !member.get().role().atLeast(Role.OPERATOR)) {
        throw ProblemException.forbidden(
            "The member a turn runs for must be an operator or admin of the workspace.");
      }
      if (m.chatId() != null) {
        Run run = turns.next(tenantId, m.actingUserId(), m.chatId(), null, m.text());
        return new ChatTurnStarted(m.chatId(), run.id());
      }
      Check.start().text("agent", m.agent(), 64).text("project", m.project(), 64).done();
      if (agents.find(tenantId, m.agent()).isEmpty()) {
        throw ProblemException.validation("agent", "no agent with this name in the workspace");
      }
      Project project =
          projects
              .find(tenantId, m.project())
              .orElseThrow(
                  () -> ProblemException.validation("project", "no such project in the workspace"));
      turns.admit(tenantId); // before the chat is made: a refused turn leaves nothing behind
      Chat chat = chats.start(tenantId, m.actingUserId(), project.id(), m.agent(), m.text());
      Run run = turns.start(tenantId, m.actingUserId(), chat, m.text());
      return new ChatTurnStarted(chat.id(), run.id());
    }

    @Override
    public Optional<TurnOutcome> turn(String runId) {
      if (runId == null || runId.length() > 36) {
        return Optional.empty();
      }
      return tx.readInTenant(
          tenantId,
          em ->
              Optional.ofNullable(em.find(Run.class, runId))
                  .map(
                      r ->
                          new TurnOutcome(
                              r.id(), r.status().wire(), r.output(), r.errorCode(), r.error())));
    }

    @Override
    public Runnable follow(String runId, Consumer<String> answerSoFar) {
      StringBuilder text = new StringBuilder();
      long[] step = {-1};
      Consumer<RunEvents.Event> listener =
          e -> {
            if (!"message.delta".equals(e.type())) {
              return;
            }
            JsonObject data;
            try (JsonReader reader = JsonP.JSON.createReader(new StringReader(e.data()))) {
              data = reader.readObject();
            }
            String snapshot;
            synchronized (text) {
              long seq = data.getJsonNumber("seq").longValue();
              if (seq != step[0]) {
                step[0] = seq;
                text.setLength(0); // a new step: its text replaces the last one's
              }
              text.append(data.getString("text", ""));
              snapshot = text.toString();
            }
            answerSoFar.accept(snapshot);
          };
      events.subscribe(runId, listener);
      return () -> events.unsubscribe(runId, listener);
    }
  }

  private static AgentRef ref(AgentSpec s) {
    return new AgentRef(s.name(), s.description(), s.labels());
  }
}
