package dev.atelier.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ProblemAcceptTest {

  @Test
  void problemJsonAloneOrFirstAlsoAcceptsJson() {
    assertEquals(
        "application/problem+json, application/json;q=0.9",
        ProblemAccept.widen("application/problem+json"));
    assertEquals(
        "application/problem+json, text/plain;q=0.1, application/json;q=0.9",
        ProblemAccept.widen("application/problem+json, text/plain;q=0.1"));
  }

  @Test
  void otherAcceptHeadersAreLeftAlone() {
    assertNull(ProblemAccept.widen(null));
    assertNull(ProblemAccept.widen("application/json"));
    assertNull(ProblemAccept.widen("application/problem+json, application/json"));
    assertNull(ProblemAccept.widen("application/problem+json, */*;q=0.1"));
    assertNull(ProblemAccept.widen("text/html"));
  }
}
