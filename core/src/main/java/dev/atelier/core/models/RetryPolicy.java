package dev.atelier.core.models;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try a failed model call again: at most {@code maxAttempts} calls in all; before the next
 * one, the wait the provider asked for ({@code Retry-After}) when it said, else an exponential
 * backoff from {@code baseDelay} (doubling, at most {@code maxDelay}) with jitter (a random half of
 * it, so that callers failing together do not come back together). A provider that asks for more
 * than {@code maxRetryAfter} is not waited for.
 */
public record RetryPolicy(
    int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

  /** Three attempts, 1 s then 2 s (each 50-100 %), Retry-After honoured up to 30 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30));

  /**
   * The wait before attempt {@code failed + 1}, or empty when there is none: the attempts are used
   * up or the provider asks for longer than {@link #maxRetryAfter}.
   *
   * @param failed the number of attempts made so far (1 after the first)
   * @param retryAfter what the provider asked for, if it did
   * @param random a number in [0, 1) for the jitter
   */
  public Optional<Duration> delayAfter(int failed, Optional<Duration> retryAfter, double random) {
    if (failed >= maxAttempts) {
      return Optional.empty();
    }
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(maxRetryAfter) > 0 ? Optional.empty() : Optional.of(asked);
    }
    long base = baseDelay.toMillis() << Math.min(failed - 1, 20);
    long capped = Math.min(base, maxDelay.toMillis());
    return Optional.of(Duration.ofMillis(capped / 2 + (long) (random * (capped - capped / 2))));
  }
}
