package dev.atelier.core.runs;

import dev.atelier.core.agents.AgentSpec;
import dev.atelier.core.tools.ToolDescriptor;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ToolCall;
import dev.atelier.plugin.api.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent loop's decisions, apart from what carries them out: what {@link RunEngine} does next
 * with a run's state, which tool calls wait for a person, which run side by side, which recorded
 * result a resumed run takes and what a tool call's result becomes. Nothing here reads or writes
 * the database, the clock or a model.
 */
final class StepDecisions {

  /** The longest tool result given back to the model; a longer one is cut. */
  static final int MAX_TOOL_RESULT = 100_000;

  /** What a cut tool result ends with. */
  static final String TRUNCATED = "\n[truncated]";

  private StepDecisions() {}

  /** What the loop does next. */
  sealed interface Next {

    /** Some pending calls wait for a person's decision: the run waits for approval. */
    record AwaitDecisions() implements Next {}

    /** Every pending call is decided: run them (denied ones answer with the denial). */
    record RunDecided(List<ToolCall> calls) implements Next {}

    /** The run ends early. */
    record Stop(String code, String message) implements Next {}

    /** The model answered without tool calls: the run succeeds with this output. */
    record Succeed(String output) implements Next {}

    /** The model asked for calls of which one at least needs approval: they become pending. */
    record HoldForApproval(List<ToolCall> calls) implements Next {}

    /** The model asked for calls that need no approval: run them now. */
    record RunTools(List<ToolCall> calls) implements Next {}

    /** The conversation ends with a user message or tool results: call the model. */
    record CallModel() implements Next {}
  }

  /**
   * What the loop does next with {@code state}, for an agent {@code spec} offered the tools {@code
   * offered}, after the run used {@code tokensUsed} tokens (input and output) in all.
   *
   * <p>Pending calls come first. After a model answer, the token budget is checked before anything
   * else (a run over its budget stops even if the model answered); a run is over its budget only
   * when it used more tokens than the budget, not as many. Before a model call, the step limit: a
   * run that made {@code max_steps} model calls makes no more.
   */
  static Next next(
      RunState state, AgentSpec spec, Map<String, ToolDescriptor> offered, long tokensUsed) {
    if (!state.pending().isEmpty()) {
      boolean allDecided =
          state.pending().stream().allMatch(c -> state.decisions().containsKey(c.id()));
      return allDecided
          ? new Next.RunDecided(List.copyOf(state.pending()))
          : new Next.AwaitDecisions();
    }
    ModelMessage last = state.messages().get(state.messages().size() - 1);
    if ("assistant".equals(last.role())) {
      // the model's last answer is recorded: act on it (a resumed run may stop right here)
      if (overBudget(spec.tokenBudget(), tokensUsed)) {
        return new Next.Stop(
            "token_budget_exceeded",
            "The run used " + tokensUsed + " tokens of its budget of " + spec.tokenBudget() + ".");
      }
      List<ToolCall> calls = last.toolCalls();
      if (calls.isEmpty()) {
        return new Next.Succeed(last.content() == null ? "" : last.content());
      }
      if (needsApproval(calls, offered, spec.approvalRequired())) {
        return new Next.HoldForApproval(List.copyOf(calls));
      }
      return new Next.RunTools(List.copyOf(calls));
    }
    if (state.modelStepsOfThisRun() >= spec.maxSteps()) {
      return new Next.Stop(
          "max_steps_exceeded",
          "The agent used its " + spec.maxSteps() + " steps without an answer.");
    }
    return new Next.CallModel();
  }

  /** Whether a run that used {@code tokensUsed} tokens is over {@code budget} (none: never). */
  static boolean overBudget(Long budget, long tokensUsed) {
    return budget != null && tokensUsed > budget;
  }

  /**
   * Whether one of {@code calls} needs a person's approval: a call of an offered tool that requires
   * approval itself or that the agent's spec lists in {@code approval_required}. A call of a tool
   * that is not offered needs none: it only answers with an error.
   */
  static boolean needsApproval(
      List<ToolCall> calls, Map<String, ToolDescriptor> offered, List<String> approvalRequired) {
    return calls.stream()
        .anyMatch(
            c -> {
              ToolDescriptor d = offered.get(c.name());
              return d != null && (d.requiresApproval() || approvalRequired.contains(c.name()));
            });
  }

  /**
   * The calls of one step to run, by how: read-only tools side by side, the others (and calls of
   * tools that are not offered) one at a time, each list in the order the model asked.
   */
  record Batch(List<ToolCall> parallel, List<ToolCall> serial) {}

  /** Splits {@code calls} into a {@link Batch}, leaving out those whose ids are in {@code done}. */
  static Batch batch(List<ToolCall> calls, Map<String, ToolDescriptor> offered, Set<String> done) {
    List<ToolCall> parallel = new ArrayList<>();
    List<ToolCall> serial = new ArrayList<>();
    for (ToolCall call : calls) {
      if (done.contains(call.id())) {
        continue;
      }
      ToolDescriptor d = offered.get(call.name());
      (d != null && d.readOnly() ? parallel : serial).add(call);
    }
    return new Batch(List.copyOf(parallel), List.copyOf(serial));
  }

  /**
   * The result a stopped worker recorded for {@code call} in step {@code prior} (null: none), or
   * null when the call must run (again): the step is not a finished tool call of this call.
   */
  static ToolResult recorded(ToolCall call, RunStep prior) {
    if (prior == null
        || !"tool_call".equals(prior.kind())
        || !call.id().equals(prior.toolCallId())
        || prior.finishedAt() == null) {
      return null;
    }
    return new ToolResult(
        prior.result() == null ? "" : prior.result(), "failed".equals(prior.status()));
  }

  /**
   * The result of {@code call} when it must not reach its tool: a person denied it ({@code
   * decision}), or the agent is offered no tool of that name. Null: invoke the tool.
   */
  static ToolResult refusal(ToolCall call, RunState.Decision decision, Set<String> offered) {
    if (decision != null && !decision.approved()) {
      return ToolResult.error(
          "A person denied this call"
              + (decision.reason() == null ? "." : ": " + decision.reason()));
    }
    if (!offered.contains(call.name())) {
      return ToolResult.error("There is no tool named " + call.name() + " for this agent.");
    }
    return null;
  }

  /**
   * {@code result} as it is recorded and given back to the model: content longer than {@link
   * #MAX_TOOL_RESULT} characters is cut there and marked; any other result is kept as it is.
   */
  static ToolResult bounded(ToolResult result) {
    String content = result.content();
    if (content == null || content.length() <= MAX_TOOL_RESULT) {
      return result;
    }
    return new ToolResult(content.substring(0, MAX_TOOL_RESULT) + TRUNCATED, result.isError());
  }
}
