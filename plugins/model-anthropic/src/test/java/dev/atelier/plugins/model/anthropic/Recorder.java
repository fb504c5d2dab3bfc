package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** A stream handler that keeps what it was given and cancels after {@code cancelAfter} deltas. */
final class Recorder implements StreamHandler {

  final List<String> texts = new ArrayList<>();
  final List<ToolCall> calls = new ArrayList<>();
  private final int cancelAfter;

  Recorder() {
    this(Integer.MAX_VALUE);
  }

  Recorder(int cancelAfter) {
    this.cancelAfter = cancelAfter;
  }

  @Override
  public void onText(String delta) {
    texts.add(delta);
  }

  @Override
  public void onToolCall(ToolCall call) {
    calls.add(call);
  }

  @Override
  public boolean cancelled() {
    return texts.size() >= cancelAfter;
  }

  String text() {
    return String.join("", texts);
  }
}
