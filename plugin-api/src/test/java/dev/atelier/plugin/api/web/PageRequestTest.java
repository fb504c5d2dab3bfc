package dev.atelier.plugin.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void defaultsToFiftyFromZero() {
    assertEquals(new PageRequest(50, 0), PageRequest.of(null, null));
    assertEquals(new PageRequest(50, 0), PageRequest.of("", " "));
  }

  @Test
  void acceptsTheRange() {
    assertEquals(new PageRequest(1, 0), PageRequest.of("1", "0"));
    assertEquals(new PageRequest(500, 1000), PageRequest.of("500", "1000"));
  }

  @Test
  void refusesOutOfRangeAndNonNumbers() {
    for (String[] bad :
        new String[][] {
          {"0", "0"},
          {"501", "0"},
          {"-1", "0"},
          {"abc", "0"},
          {"10", "-1"},
          {"10", "x"},
          {"99999999999", "0"}
        }) {
      ProblemException e =
          assertThrows(ProblemException.class, () -> PageRequest.of(bad[0], bad[1]));
      assertEquals(422, e.status());
      assertEquals("validation_error", e.code());
    }
  }
}
