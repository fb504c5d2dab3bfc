package dev.atelier.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.web.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelProblemsTest {

  private static final String KEY = "sk-live-0123456789";

  @Test
  void retryableFailuresAreUnavailableWithRetryAfter() {
    ProblemException p =
        ModelProblems.of(
            "openai",
            new ModelException(
                ModelException.RATE_LIMITED, "slow down", true, Duration.ofSeconds(42), null),
            KEY);
    assertEquals(503, p.status());
    assertEquals("model_provider_unavailable", p.code());
    assertEquals("42", p.headers().get("Retry-After"));
    assertTrue(p.getMessage().contains("slow down"), p.getMessage());

    ProblemException silent =
        ModelProblems.of(
            "openai",
            new ModelException(ModelException.PROVIDER_UNAVAILABLE, "down", true, null),
            KEY);
    assertEquals("10", silent.headers().get("Retry-After"));
  }

  @Test
  void refusalsAreProviderErrorsWithTheProviderMessageButNotTheKey() {
    ProblemException p =
        ModelProblems.of(
            "openai",
            new ModelException(
                ModelException.AUTH_FAILED, "Incorrect API key provided: " + KEY, false, null),
            KEY);
    assertEquals(502, p.status());
    assertEquals("model_provider_error", p.code());
    assertTrue(p.getMessage().contains("model_auth_failed"), p.getMessage());
    assertTrue(p.getMessage().contains("Incorrect API key provided: ***"), p.getMessage());
    assertFalse(p.getMessage().contains(KEY), p.getMessage());
  }

  @Test
  void longMessagesAreShortened() {
    ProblemException p =
        ModelProblems.of(
            "anthropic",
            new ModelException(ModelException.REQUEST_INVALID, "x".repeat(5000), false, null),
            KEY);
    assertTrue(p.getMessage().length() <= 603, "" + p.getMessage().length());
  }
}
