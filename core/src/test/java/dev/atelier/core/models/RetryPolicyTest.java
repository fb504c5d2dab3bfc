package dev.atelier.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = RetryPolicy.DEFAULT;

  @Test
  void backsOffExponentiallyWithJitter() {
    assertEquals(Duration.ofMillis(500), policy.delayAfter(1, Optional.empty(), 0).orElseThrow());
    assertEquals(
        Duration.ofMillis(999), policy.delayAfter(1, Optional.empty(), 0.999).orElseThrow());
    assertEquals(Duration.ofMillis(1000), policy.delayAfter(2, Optional.empty(), 0).orElseThrow());
    assertEquals(
        Duration.ofMillis(1500), policy.delayAfter(2, Optional.empty(), 0.5).orElseThrow());
  }

  @Test
  void stopsAfterTheLastAttempt() {
    assertTrue(policy.delayAfter(3, Optional.empty(), 0.5).isEmpty());
    assertTrue(policy.delayAfter(3, Optional.of(Duration.ofSeconds(1)), 0.5).isEmpty());
  }

  @Test
  void honoursRetryAfterUpToItsLimit() {
    assertEquals(
        Duration.ofSeconds(7),
        policy.delayAfter(1, Optional.of(Duration.ofSeconds(7)), 0.9).orElseThrow());
    assertEquals(
        Duration.ofSeconds(30),
        policy.delayAfter(2, Optional.of(Duration.ofSeconds(30)), 0).orElseThrow());
    assertTrue(policy.delayAfter(1, Optional.of(Duration.ofSeconds(31)), 0).isEmpty());
  }

  @Test
  void capsTheBackoff() {
    RetryPolicy many =
        new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(4), many.delayAfter(6, Optional.empty(), 0).orElseThrow());
    assertEquals(Duration.ofSeconds(4), many.delayAfter(9, Optional.empty(), 0).orElseThrow());
  }
}
