package dev.atelier.plugins.model.anthropic;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * JSON through Jakarta JSON Processing, which the server provides: one provider looked up once, and
 * lenient readers of members that may be absent or {@code null}.
 */
final class JsonSupport {

  /** The server's JSON-P implementation (Parsson on Payara). */
  static final JsonProvider JSON = JsonProvider.provider();

  private JsonSupport() {}

  /** Parses {@code text} as JSON; throws {@link jakarta.json.JsonException} when it is not. */
  static JsonValue parse(String text) {
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /** Member {@code name} when it is an object, else null. */
  static JsonObject object(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonObject obj ? obj : null;
  }

  /** Member {@code name} when it is an array, else an empty array. */
  static JsonArray array(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
  }

  /** Member {@code name} when it is a string, else null. */
  static String string(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonString s ? s.getString() : null;
  }

  /** Member {@code name} when it is a number, else {@code fallback}. */
  static long number(JsonObject o, String name, long fallback) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonNumber n ? n.longValue() : fallback;
  }
}
