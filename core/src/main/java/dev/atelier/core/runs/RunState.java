package dev.atelier.core.runs;

import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ToolCall;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run carries from step to step, stored with it so another worker can go on: the
 * conversation, the tool calls waiting for a person's decision and the decisions taken.
 *
 * @param messages the conversation so far
 * @param pending tool calls of the last model answer that wait for approval
 * @param decisions per pending call id: {@code approved} or the reason it was denied
 */
public record RunState(
    List<ModelMessage> messages, List<ToolCall> pending, Map<String, Decision> decisions) {

  /** Created on first use: the state's rules need no JSON binding. */
  private static final class Binding {
    static final Jsonb JSON = JsonbBuilder.create();
  }

  /** A person's answer to a tool call that needed approval. */
  public record Decision(boolean approved, String by, String reason) {}

  public RunState {
    messages = messages == null ? new ArrayList<>() : new ArrayList<>(messages);
    pending = pending == null ? new ArrayList<>() : new ArrayList<>(pending);
    decisions = decisions == null ? new HashMap<>() : new HashMap<>(decisions);
  }

  static RunState start(String instructions, List<ModelMessage> history, String input) {
    List<ModelMessage> messages = new ArrayList<>();
    if (instructions != null && !instructions.isBlank()) {
      messages.add(ModelMessage.system(instructions));
    }
    messages.addAll(history);
    messages.add(ModelMessage.user(input));
    return new RunState(messages, List.of(), Map.of());
  }

  /**
   * The model calls this run has made: the assistant messages after its input, the last user
   * message. A chat's earlier turns come before it and count for their own runs, not this one.
   */
  long modelStepsOfThisRun() {
    long steps = 0;
    for (int i = messages.size() - 1; i >= 0; i--) {
      String role = messages.get(i).role();
      if ("user".equals(role)) {
        break;
      }
      if ("assistant".equals(role)) {
        steps++;
      }
    }
    return steps;
  }

  String toJson() {
    return Binding.JSON.toJson(this);
  }

  static RunState fromJson(String json) {
    return Binding.JSON.fromJson(json, RunState.class);
  }
}
