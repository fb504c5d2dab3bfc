package dev.atelier.core.models;

import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.ToolCall;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * Runs a model call and, under a {@link RetryPolicy}, runs it again after a retryable failure, but
 * only while nothing has reached the caller's stream handler yet: half an answer is never replayed.
 * Gives up (rethrowing the last failure) when the failure is not retryable, something was streamed,
 * the caller cancelled, the policy says so, or the thread is interrupted while waiting.
 */
final class RetryingCall {

  private static final Logger LOG = Logger.getLogger(RetryingCall.class.getName());

  /** One attempt of the call, streaming to {@code handler}. */
  @FunctionalInterface
  interface Attempt {
    ModelResponse run(StreamHandler handler) throws ModelException;
  }

  /** How to wait between attempts. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  RetryingCall(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
  }

  ModelResponse run(Attempt attempt, StreamHandler handler) throws ModelException {
    for (int n = 1; ; n++) {
      Tracking tracking = new Tracking(handler);
      try {
        return attempt.run(tracking);
      } catch (ModelException e) {
        if (!e.retryable() || tracking.delivered || handler.cancelled()) {
          throw e;
        }
        Optional<Duration> wait = policy.delayAfter(n, e.retryAfter(), random.getAsDouble());
        if (wait.isEmpty()) {
          throw e;
        }
        LOG.info(
            "Model call attempt "
                + n
                + " failed ("
                + e.getMessage()
                + "); trying again in "
                + wait.get().toMillis()
                + " ms");
        try {
          sleeper.sleep(wait.get());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Passes everything on and remembers whether anything was. */
  private static final class Tracking implements StreamHandler {
    private final StreamHandler delegate;
    private boolean delivered;

    Tracking(StreamHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onText(String delta) {
      if (delta != null && !delta.isEmpty()) {
        delivered = true;
      }
      delegate.onText(delta);
    }

    @Override
    public void onToolCall(ToolCall call) {
      delivered = true;
      delegate.onToolCall(call);
    }

    @Override
    public boolean cancelled() {
      return delegate.cancelled();
    }
  }
}
