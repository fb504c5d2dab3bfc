package dev.atelier.plugin.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  private final JsonObject o =
      JsonValues.parse(
              "{\"s\":\"text\",\"n\":42,\"o\":{\"k\":1},\"a\":[1,2],\"nil\":null,\"f\":1.9}")
          .asJsonObject();

  @Test
  void membersOfTheRightTypeAreRead() {
    assertEquals("text", JsonValues.string(o, "s"));
    assertEquals(42, JsonValues.number(o, "n", -1));
    assertEquals(1, JsonValues.number(o, "f", -1));
    assertEquals(1, JsonValues.object(o, "o").getInt("k"));
    assertEquals(2, JsonValues.array(o, "a").size());
  }

  @Test
  void absentNullOrOtherTypesGiveTheFallback() {
    assertNull(JsonValues.string(o, "n"));
    assertNull(JsonValues.string(o, "nil"));
    assertNull(JsonValues.string(o, "missing"));
    assertEquals(-1, JsonValues.number(o, "s", -1));
    assertEquals(-1, JsonValues.number(o, "nil", -1));
    assertNull(JsonValues.object(o, "a"));
    assertTrue(JsonValues.array(o, "o").isEmpty());
    assertTrue(JsonValues.array(o, "missing").isEmpty());
  }

  @Test
  void aMissingObjectHasNoMembers() {
    assertNull(JsonValues.string(null, "s"));
    assertNull(JsonValues.object(null, "o"));
    assertEquals(7, JsonValues.number(null, "n", 7));
    assertTrue(JsonValues.array(null, "a").isEmpty());
  }

  @Test
  void textThatIsNotJsonIsRefused() {
    assertThrows(JsonException.class, () -> JsonValues.parse("{oops"));
  }
}
