package dev.atelier.plugin.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LikeTest {

  @Test
  void wildcardsAndTheEscapeCharacterAreLiteral() {
    assertEquals("50\\% off", Like.escape("50% off"));
    assertEquals("snake\\_case", Like.escape("snake_case"));
    assertEquals("a\\\\b", Like.escape("a\\b"));
    assertEquals("\\\\\\%", Like.escape("\\%"));
    assertEquals("plain", Like.escape("plain"));
  }

  @Test
  void containsIsTrimmedLowerCaseAndOpenOnBothSides() {
    assertEquals("%50\\% off%", Like.contains("  50% OFF "));
    assertEquals("%%", Like.contains("   "));
    assertEquals("%istanbul%", Like.contains("ISTANBUL"));
  }
}
