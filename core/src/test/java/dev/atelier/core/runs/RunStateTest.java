package dev.atelier.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStateTest {

  @Test
  void aChatsEarlierTurnsDoNotCountAgainstThisRunsSteps() {
    List<ModelMessage> history =
        List.of(
            ModelMessage.user("one"),
            ModelMessage.assistant("first answer", List.of()),
            ModelMessage.user("two"),
            ModelMessage.assistant("second answer", List.of()));
    RunState state = RunState.start("Be brief.", history, "three");
    assertEquals(0, state.modelStepsOfThisRun());

    state
        .messages()
        .add(ModelMessage.assistant(null, List.of(new ToolCall("c1", "list_files", "{}"))));
    state.messages().add(ModelMessage.toolResult("c1", "a.txt"));
    assertEquals(1, state.modelStepsOfThisRun());
    state.messages().add(ModelMessage.assistant("done", List.of()));
    assertEquals(2, state.modelStepsOfThisRun());
  }
}
