package dev.atelier.plugin.api.http;

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
 * lenient readers of members that may be absent, {@code null} or of another type, for plugins that
 * read the JSON answers of outside APIs.
 *
 * @since 1.1.0
 */
public final class JsonValues {

  /**
   * The server's JSON-P implementation (Parsson on Payara), for building and reading JSON.
   *
   * @since 1.1.0
   */
  public static final JsonProvider JSON = JsonProvider.provider();

  private JsonValues() {}

  /**
   * Parses {@code text} as one JSON value; throws {@link jakarta.json.JsonException} when it is not
   * JSON.
   *
   * @since 1.1.0
   */
  public static JsonValue parse(String text) {
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /**
   * Member {@code name} of {@code o} when it is an object, else null ({@code o} may be null).
   *
   * @since 1.1.0
   */
  public static JsonObject object(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonObject obj ? obj : null;
  }

  /**
   * Member {@code name} of {@code o} when it is an array, else an empty array ({@code o} may be
   * null).
   *
   * @since 1.1.0
   */
  public static JsonArray array(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
  }

  /**
   * Member {@code name} of {@code o} when it is a string, else null ({@code o} may be null).
   *
   * @since 1.1.0
   */
  public static String string(JsonObject o, String name) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonString s ? s.getString() : null;
  }

  /**
   * Member {@code name} of {@code o} when it is a number, as a {@code long}, else {@code fallback}
   * ({@code o} may be null).
   *
   * @since 1.1.0
   */
  public static long number(JsonObject o, String name, long fallback) {
    JsonValue v = o == null ? null : o.get(name);
    return v instanceof JsonNumber n ? n.longValue() : fallback;
  }
}
