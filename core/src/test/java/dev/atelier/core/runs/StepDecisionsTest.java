package dev.atelier.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.agents.AgentSpec;
import dev.atelier.core.tools.ToolDescriptor;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ToolCall;
import dev.atelier.plugin.api.tool.ToolResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepDecisionsTest {

  private static final ToolDescriptor READ = tool("read_file", true, false);
  private static final ToolDescriptor LIST = tool("list_files", true, false);
  private static final ToolDescriptor WRITE = tool("write_file", false, false);
  private static final ToolDescriptor PAY = tool("pay", false, true);

  private static final Map<String, ToolDescriptor> OFFERED = offered(READ, LIST, WRITE, PAY);

  // the step limit

  @Test
  void aRunBelowItsStepLimitCallsTheModel() {
    RunState state = afterModelCalls(2);
    assertInstanceOf(
        StepDecisions.Next.CallModel.class, StepDecisions.next(state, spec(3, null), OFFERED, 0));
  }

  @Test
  void aRunAtItsStepLimitStopsBeforeAnotherModelCall() {
    RunState state = afterModelCalls(3);
    StepDecisions.Next next = StepDecisions.next(state, spec(3, null), OFFERED, 0);
    assertEquals(
        new StepDecisions.Next.Stop(
            "max_steps_exceeded", "The agent used its 3 steps without an answer."),
        next);
  }

  @Test
  void aRunOverItsStepLimitStopsToo() {
    RunState state = afterModelCalls(4);
    assertEquals(
        "max_steps_exceeded",
        assertInstanceOf(
                StepDecisions.Next.Stop.class, StepDecisions.next(state, spec(3, null), OFFERED, 0))
            .code());
  }

  @Test
  void theFirstModelCallOfARunWithOneStepIsMade() {
    RunState state = RunState.start("Be brief.", List.of(), "hello");
    assertInstanceOf(
        StepDecisions.Next.CallModel.class, StepDecisions.next(state, spec(1, null), OFFERED, 0));
  }

  @Test
  void aChatsEarlierTurnsDoNotUseUpTheStepLimit() {
    List<ModelMessage> history =
        List.of(
            ModelMessage.user("one"),
            ModelMessage.assistant("first", List.of()),
            ModelMessage.user("two"),
            ModelMessage.assistant("second", List.of()));
    RunState state = RunState.start(null, history, "three");
    assertInstanceOf(
        StepDecisions.Next.CallModel.class, StepDecisions.next(state, spec(1, null), OFFERED, 0));
  }

  @Test
  void theLastAnswerIsActedOnEvenAtTheStepLimit() {
    RunState state = RunState.start(null, List.of(), "hi");
    state.messages().add(ModelMessage.assistant("done", List.of()));
    assertEquals(
        new StepDecisions.Next.Succeed("done"),
        StepDecisions.next(state, spec(1, null), OFFERED, 0));
  }

  // the token budget

  @Test
  void aRunThatUsedExactlyItsBudgetGoesOn() {
    RunState state = answered("done");
    assertEquals(
        new StepDecisions.Next.Succeed("done"),
        StepDecisions.next(state, spec(20, 1000L), OFFERED, 1000));
  }

  @Test
  void aRunOneTokenOverItsBudgetStops() {
    RunState state = answered("done");
    assertEquals(
        new StepDecisions.Next.Stop(
            "token_budget_exceeded", "The run used 1001 tokens of its budget of 1000."),
        StepDecisions.next(state, spec(20, 1000L), OFFERED, 1001));
  }

  @Test
  void theBudgetIsCheckedBeforeToolCallsAreRun() {
    RunState state = RunState.start(null, List.of(), "hi");
    state.messages().add(ModelMessage.assistant(null, List.of(call("c1", "read_file"))));
    assertEquals(
        "token_budget_exceeded",
        assertInstanceOf(
                StepDecisions.Next.Stop.class,
                StepDecisions.next(state, spec(20, 10L), OFFERED, 11))
            .code());
  }

  @Test
  void theBudgetIsCheckedOnlyAfterAModelAnswer() {
    // before a model call the limit that applies is the step limit, not the budget
    RunState state = RunState.start(null, List.of(), "hi");
    assertInstanceOf(
        StepDecisions.Next.CallModel.class,
        StepDecisions.next(state, spec(20, 10L), OFFERED, 5000));
  }

  @Test
  void withoutABudgetAnyNumberOfTokensIsFine() {
    assertFalse(StepDecisions.overBudget(null, Long.MAX_VALUE));
    assertFalse(StepDecisions.overBudget(0L, 0));
    assertTrue(StepDecisions.overBudget(0L, 1));
  }

  @Test
  void anAnswerWithoutContentSucceedsWithAnEmptyOutput() {
    RunState state = RunState.start(null, List.of(), "hi");
    state.messages().add(ModelMessage.assistant(null, List.of()));
    assertEquals(
        new StepDecisions.Next.Succeed(""), StepDecisions.next(state, spec(20, null), OFFERED, 0));
  }

  // approvals

  @Test
  void callsOfToolsThatNeedNoApprovalRunAtOnce() {
    List<ToolCall> calls = List.of(call("c1", "read_file"), call("c2", "write_file"));
    RunState state = asked(calls);
    assertEquals(
        new StepDecisions.Next.RunTools(calls),
        StepDecisions.next(state, spec(20, null), OFFERED, 0));
  }

  @Test
  void aToolThatRequiresApprovalHoldsTheWholeStep() {
    List<ToolCall> calls = List.of(call("c1", "read_file"), call("c2", "pay"));
    RunState state = asked(calls);
    assertEquals(
        new StepDecisions.Next.HoldForApproval(calls),
        StepDecisions.next(state, spec(20, null), OFFERED, 0));
  }

  @Test
  void theSpecCanRequireApprovalForAToolThatDoesNotItself() {
    List<ToolCall> calls = List.of(call("c1", "write_file"));
    AgentSpec spec = spec(20, null, List.of("write_file"));
    assertEquals(
        new StepDecisions.Next.HoldForApproval(calls),
        StepDecisions.next(asked(calls), spec, OFFERED, 0));
    assertTrue(StepDecisions.needsApproval(calls, OFFERED, List.of("write_file")));
    assertFalse(StepDecisions.needsApproval(calls, OFFERED, List.of("read_file")));
  }

  @Test
  void aCallOfAToolThatIsNotOfferedNeedsNoApproval() {
    // even when the spec lists it: there is nothing to approve, the call answers with an error
    List<ToolCall> calls = List.of(call("c1", "delete_everything"));
    assertFalse(StepDecisions.needsApproval(calls, OFFERED, List.of("delete_everything")));
  }

  @Test
  void pendingCallsWaitUntilEachIsDecided() {
    RunState state = RunState.start(null, List.of(), "hi");
    state.pending().addAll(List.of(call("c1", "pay"), call("c2", "pay")));
    state.decisions().put("c1", new RunState.Decision(true, "ann", null));
    assertInstanceOf(
        StepDecisions.Next.AwaitDecisions.class,
        StepDecisions.next(state, spec(20, null), OFFERED, 0));

    state.decisions().put("c2", new RunState.Decision(false, "ann", "too expensive"));
    assertEquals(
        new StepDecisions.Next.RunDecided(List.of(call("c1", "pay"), call("c2", "pay"))),
        StepDecisions.next(state, spec(20, null), OFFERED, 0));
  }

  @Test
  void decidedCallsRunEvenOverTheBudgetAndTheStepLimit() {
    RunState state = afterModelCalls(5);
    state.pending().add(call("c1", "pay"));
    state.decisions().put("c1", new RunState.Decision(true, "ann", null));
    assertInstanceOf(
        StepDecisions.Next.RunDecided.class, StepDecisions.next(state, spec(1, 1L), OFFERED, 99));
  }

  @Test
  void aDeniedCallAnswersWithTheDenial() {
    ToolCall c = call("c1", "pay");
    assertEquals(
        ToolResult.error("A person denied this call: too expensive"),
        StepDecisions.refusal(c, new RunState.Decision(false, "ann", "too expensive"), names()));
    assertEquals(
        ToolResult.error("A person denied this call."),
        StepDecisions.refusal(c, new RunState.Decision(false, "ann", null), names()));
  }

  @Test
  void anApprovedOrUndecidedCallOfAnOfferedToolReachesItsTool() {
    ToolCall c = call("c1", "pay");
    assertNull(StepDecisions.refusal(c, new RunState.Decision(true, "ann", null), names()));
    assertNull(StepDecisions.refusal(c, null, names()));
  }

  @Test
  void aCallOfAToolThatIsNotOfferedAnswersWithAnError() {
    assertEquals(
        ToolResult.error("There is no tool named rm for this agent."),
        StepDecisions.refusal(call("c1", "rm"), null, names()));
    // an approval does not make a missing tool appear
    assertEquals(
        ToolResult.error("There is no tool named rm for this agent."),
        StepDecisions.refusal(call("c1", "rm"), new RunState.Decision(true, "ann", null), names()));
  }

  // read-only tools side by side

  @Test
  void readOnlyCallsRunSideBySideAndTheOthersOneAtATimeInTheModelsOrder() {
    List<ToolCall> calls =
        List.of(
            call("c1", "write_file"),
            call("c2", "read_file"),
            call("c3", "pay"),
            call("c4", "list_files"),
            call("c5", "read_file"));
    StepDecisions.Batch batch = StepDecisions.batch(calls, OFFERED, Set.of());
    assertEquals(List.of(calls.get(1), calls.get(3), calls.get(4)), batch.parallel());
    assertEquals(List.of(calls.get(0), calls.get(2)), batch.serial());
  }

  @Test
  void aCallOfAToolThatIsNotOfferedRunsAlone() {
    List<ToolCall> calls = List.of(call("c1", "read_file"), call("c2", "unknown"));
    StepDecisions.Batch batch = StepDecisions.batch(calls, OFFERED, Set.of());
    assertEquals(List.of(calls.get(0)), batch.parallel());
    assertEquals(List.of(calls.get(1)), batch.serial());
  }

  @Test
  void callsWithARecordedResultAreNotRunAgain() {
    List<ToolCall> calls =
        List.of(call("c1", "read_file"), call("c2", "write_file"), call("c3", "read_file"));
    StepDecisions.Batch batch = StepDecisions.batch(calls, OFFERED, Set.of("c1", "c2"));
    assertEquals(List.of(calls.get(2)), batch.parallel());
    assertEquals(List.of(), batch.serial());
  }

  @Test
  void aSingleReadOnlyCallIsStillAParallelBatchOfOne() {
    StepDecisions.Batch batch =
        StepDecisions.batch(List.of(call("c1", "list_files")), OFFERED, Set.of());
    assertEquals(1, batch.parallel().size());
    assertTrue(batch.serial().isEmpty());
  }

  // a resumed run's recorded results

  @Test
  void aFinishedToolStepOfTheSameCallGivesItsRecordedResult() {
    RunStep ok = step(4, "tool_call", "c1");
    ok.finish("succeeded", "a.txt", 0, 0);
    assertEquals(new ToolResult("a.txt", false), StepDecisions.recorded(call("c1", "x"), ok));

    RunStep failed = step(5, "tool_call", "c2");
    failed.finish("failed", null, 0, 0);
    assertEquals(new ToolResult("", true), StepDecisions.recorded(call("c2", "x"), failed));
  }

  @Test
  void aStepInProgressOrOfAnotherCallIsDoneAgain() {
    RunStep running = step(4, "tool_call", "c1");
    assertNull(StepDecisions.recorded(call("c1", "x"), running));

    RunStep other = step(4, "tool_call", "c9");
    other.finish("succeeded", "done", 0, 0);
    assertNull(StepDecisions.recorded(call("c1", "x"), other));

    RunStep model = step(4, "model_call", null);
    model.finish("succeeded", "text", 10, 2);
    assertNull(StepDecisions.recorded(call("c1", "x"), model));

    assertNull(StepDecisions.recorded(call("c1", "x"), null));
  }

  // tool results

  @Test
  void aResultAtTheLimitIsKeptAndOneCharacterOverIsCut() {
    String atLimit = "a".repeat(StepDecisions.MAX_TOOL_RESULT);
    ToolResult kept = ToolResult.ok(atLimit);
    assertEquals(kept, StepDecisions.bounded(kept));

    ToolResult cut = StepDecisions.bounded(ToolResult.error(atLimit + "b"));
    assertEquals(atLimit + "\n[truncated]", cut.content());
    assertTrue(cut.isError());
    assertEquals(100_000 + "\n[truncated]".length(), cut.content().length());
  }

  @Test
  void aResultWithoutContentIsKeptAsItIs() {
    ToolResult none = new ToolResult(null, false);
    assertEquals(none, StepDecisions.bounded(none));
  }

  private static RunState answered(String content) {
    RunState state = RunState.start(null, List.of(), "hi");
    state.messages().add(ModelMessage.assistant(content, List.of()));
    return state;
  }

  private static RunState asked(List<ToolCall> calls) {
    RunState state = RunState.start(null, List.of(), "hi");
    state.messages().add(ModelMessage.assistant(null, calls));
    return state;
  }

  /** A run that made {@code n} model calls, each asking for a tool, all answered. */
  private static RunState afterModelCalls(int n) {
    RunState state = RunState.start("Be brief.", List.of(), "hi");
    for (int i = 1; i <= n; i++) {
      state.messages().add(ModelMessage.assistant(null, List.of(call("c" + i, "read_file"))));
      state.messages().add(ModelMessage.toolResult("c" + i, "ok"));
    }
    return state;
  }

  private static AgentSpec spec(int maxSteps, Long tokenBudget) {
    return spec(maxSteps, tokenBudget, List.of());
  }

  private static AgentSpec spec(int maxSteps, Long tokenBudget, List<String> approvalRequired) {
    return new AgentSpec(
        "helper",
        null,
        "fake:model",
        null,
        List.copyOf(OFFERED.keySet()),
        maxSteps,
        null,
        tokenBudget,
        approvalRequired,
        List.of());
  }

  private static ToolCall call(String id, String name) {
    return new ToolCall(id, name, "{}");
  }

  private static RunStep step(int seq, String kind, String toolCallId) {
    return new RunStep("run-1", seq, kind, "x", toolCallId, "{}", "running", Instant.EPOCH);
  }

  private static Set<String> names() {
    return OFFERED.keySet();
  }

  private static ToolDescriptor tool(String name, boolean readOnly, boolean requiresApproval) {
    return new ToolDescriptor(name, name, "{}", readOnly, requiresApproval, "builtin");
  }

  private static Map<String, ToolDescriptor> offered(ToolDescriptor... tools) {
    Map<String, ToolDescriptor> out = new LinkedHashMap<>();
    for (ToolDescriptor t : tools) {
      out.put(t.name(), t);
    }
    return out;
  }
}
