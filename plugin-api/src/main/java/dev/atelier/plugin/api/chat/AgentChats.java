package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The workspace's agents and their chats, for a plugin that brings agents to a chat platform: which
 * agents it may offer (by label), a message sent as a chat turn (a run of the agent, with the
 * chat's history), and the turn's outcome. Bound to the session's workspace.
 *
 * @since 1.1.0
 */
@Incubating
public interface AgentChats {

  /**
   * The workspace's agents that have at least one of {@code labels} (every agent when {@code
   * labels} is empty), by name.
   */
  List<AgentRef> agents(Set<String> labels);

  /**
   * Sends {@code message} to its chat: a new chat of its agent about its project when it names no
   * chat, else the next turn of that chat. The turn runs as {@link ChatMessage#actingUserId()}, who
   * must be an operator or admin of the workspace.
   *
   * @return the chat and the run that answers
   * @throws dev.atelier.plugin.api.web.ProblemException 402 {@code insufficient_credits} when the
   *     workspace is out of credits and its plan allows no overage; 403 {@code forbidden} when the
   *     acting user may not start runs; 404 when the chat is not the workspace's; 409 {@code
   *     turn_in_progress} when the chat is answering; 422 when the agent or project does not exist
   */
  ChatTurnStarted send(ChatMessage message);

  /** Turn (run) {@code runId}: its status and, once finished, its answer or error. */
  Optional<TurnOutcome> turn(String runId);

  /**
   * Calls {@code answerSoFar} with the answer of turn {@code runId} as the model writes it: the
   * text of the step in progress (a step that calls tools is followed by another, whose text
   * replaces it). A preview, while the turn runs on this node and at best effort: the turn's end
   * ({@link dev.atelier.plugin.api.event.CoreEvents#RUN_FINISHED}, {@link #turn}) is what counts.
   * Called on the engine's thread: hand the text over, do not work in the callback.
   *
   * @return what stops the calls when run
   */
  Runnable follow(String runId, Consumer<String> answerSoFar);
}
