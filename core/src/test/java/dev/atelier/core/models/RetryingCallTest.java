package dev.atelier.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.TokenUsage;
import dev.atelier.plugin.api.model.ToolCall;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry decisions, with a provider scripted by the test and the waits recorded. */
class RetryingCallTest {

  private static final ModelResponse OK =
      new ModelResponse(ModelMessage.assistant("fine", List.of()), "stop", new TokenUsage(1, 1));

  private final List<Duration> waits = new ArrayList<>();
  private final RetryingCall retrying = new RetryingCall(RetryPolicy.DEFAULT, waits::add, () -> 0);
  private int attempts;

  private static ModelException unavailable() {
    return new ModelException(ModelException.PROVIDER_UNAVAILABLE, "down", true, null);
  }

  /** An attempt that plays {@code script}: a failure to throw, or text to stream and then fail. */
  private RetryingCall.Attempt scripted(Object... script) {
    Deque<Object> steps = new ArrayDeque<>(List.of(script));
    return handler -> {
      attempts++;
      Object step = steps.poll();
      if (step instanceof ModelException e) {
        throw e;
      }
      if (step instanceof String text) {
        handler.onText(text);
        throw unavailable();
      }
      if (step instanceof ToolCall call) {
        handler.onToolCall(call);
        throw unavailable();
      }
      return OK;
    };
  }

  @Test
  void retriesRetryableFailuresWithBackoff() throws Exception {
    assertSame(OK, retrying.run(scripted(unavailable(), unavailable()), StreamHandler.NONE));
    assertEquals(3, attempts);
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), waits);
  }

  @Test
  void givesUpAfterThreeAttempts() {
    ModelException last = unavailable();
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> retrying.run(scripted(unavailable(), unavailable(), last), StreamHandler.NONE));
    assertSame(last, e);
    assertEquals(3, attempts);
  }

  @Test
  void waitsWhatTheProviderAsks() throws Exception {
    ModelException limited =
        new ModelException(
            ModelException.RATE_LIMITED, "slow down", true, Duration.ofSeconds(3), null);
    retrying.run(scripted(limited), StreamHandler.NONE);
    assertEquals(List.of(Duration.ofSeconds(3)), waits);
  }

  @Test
  void doesNotWaitLongerThanThirtySeconds() {
    ModelException limited =
        new ModelException(
            ModelException.RATE_LIMITED, "tomorrow", true, Duration.ofMinutes(5), null);
    assertSame(
        limited,
        assertThrows(
            ModelException.class, () -> retrying.run(scripted(limited), StreamHandler.NONE)));
    assertEquals(1, attempts);
    assertEquals(List.of(), waits);
  }

  @Test
  void neverRetriesWhatIsNotRetryable() {
    ModelException auth = new ModelException(ModelException.AUTH_FAILED, "bad key", false, null);
    assertSame(
        auth,
        assertThrows(ModelException.class, () -> retrying.run(scripted(auth), StreamHandler.NONE)));
    assertEquals(1, attempts);
  }

  @Test
  void neverReplaysAnAnswerThatStartedStreaming() {
    List<String> seen = new ArrayList<>();
    assertThrows(ModelException.class, () -> retrying.run(scripted("Hel"), seen::add));
    assertEquals(1, attempts);
    assertEquals(List.of("Hel"), seen);

    attempts = 0;
    assertThrows(
        ModelException.class,
        () -> retrying.run(scripted(new ToolCall("c1", "t", "{}")), StreamHandler.NONE));
    assertEquals(1, attempts);
  }

  @Test
  void emptyTextIsNotAStart() throws Exception {
    assertSame(OK, retrying.run(scripted(""), StreamHandler.NONE));
    assertEquals(2, attempts);
  }

  @Test
  void stopsWhenTheCallerCancelled() {
    StreamHandler cancelled =
        new StreamHandler() {
          @Override
          public void onText(String delta) {}

          @Override
          public boolean cancelled() {
            return true;
          }
        };
    assertThrows(ModelException.class, () -> retrying.run(scripted(unavailable()), cancelled));
    assertEquals(1, attempts);
  }
}
