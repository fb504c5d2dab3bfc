package dev.atelier.plugins.billing.stripe;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reads Stripe's JSON objects leniently: a missing or mistyped member is null. */
final class Json {

  private Json() {}

  /** The object at {@code path} (array members by index), or null. */
  static JsonObject object(JsonObject root, String... path) {
    JsonValue v = at(root, path);
    return v instanceof JsonObject o ? o : null;
  }

  /** The string at {@code path}, or null. */
  static String text(JsonObject root, String... path) {
    JsonValue v = at(root, path);
    return v instanceof JsonString s ? s.getString() : null;
  }

  /** The id at {@code path}: a string, or an expanded object's {@code id}; or null. */
  static String id(JsonObject root, String... path) {
    JsonValue v = at(root, path);
    if (v instanceof JsonString s) {
      return s.getString();
    }
    return v instanceof JsonObject o ? text(o, "id") : null;
  }

  /** The whole number at {@code path}, or null. */
  static Long number(JsonObject root, String... path) {
    JsonValue v = at(root, path);
    if (v instanceof JsonNumber n && n.isIntegral()) {
      return n.longValueExact();
    }
    if (v instanceof JsonString s) {
      try {
        return Long.parseLong(s.getString().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Whether the value at {@code path} is {@code true}. */
  static boolean isTrue(JsonObject root, String... path) {
    return at(root, path) == JsonValue.TRUE;
  }

  private static JsonValue at(JsonObject root, String... path) {
    JsonValue v = root;
    for (String step : path) {
      if (v instanceof JsonObject o) {
        v = o.get(step);
      } else if (v instanceof JsonArray a && step.matches("\\d{1,4}")) {
        int i = Integer.parseInt(step);
        v = i < a.size() ? a.get(i) : null;
      } else {
        return null;
      }
      if (v == null) {
        return null;
      }
    }
    return v;
  }
}
