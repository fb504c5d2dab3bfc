package dev.atelier.core.api;

import dev.atelier.plugin.api.web.Check;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks that a request body's JSON values have the JSON types of the fields they bind to, before
 * JSON-B binds them: JSON-B would turn {@code 123} into the string {@code "123"}, {@code "5"} into
 * the number 5 and cut {@code 5.7} down to 5. A string field takes a string, a whole-number field a
 * whole number in its range, a decimal field a number, a boolean {@code true} or {@code false}, a
 * list an array, a record or map an object; {@code null} is left to validation. Members are named
 * as on the wire (snake_case), nested ones with their path ({@code columns[2].name}); members the
 * type does not have are ignored, as JSON-B ignores them.
 */
final class JsonTypes {

  private JsonTypes() {}

  /** Fails {@code check} once per value of {@code json} whose type does not fit {@code type}. */
  static void check(JsonValue json, Type type, Check check) {
    check(json, type, "", check);
  }

  private static void check(JsonValue json, Type type, String field, Check check) {
    if (json == null || json.getValueType() == JsonValue.ValueType.NULL) {
      return;
    }
    if (type instanceof WildcardType w) {
      check(json, w.getUpperBounds()[0], field, check);
      return;
    }
    if (type instanceof GenericArrayType g) {
      elements(json, g.getGenericComponentType(), field, check);
      return;
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        elements(json, args[0], field, check);
      } else if (Map.class.isAssignableFrom(raw)) {
        if (expect(json, JsonValue.ValueType.OBJECT, "an object", field, check)) {
          json.asJsonObject().forEach((k, v) -> check(v, args[1], join(field, k), check));
        }
      } else if (raw == Optional.class) {
        check(json, args[0], field, check);
      } else {
        check(json, raw, field, check);
      }
      return;
    }
    if (!(type instanceof Class<?> c)) {
      return;
    }
    if (c == String.class
        || c == char.class
        || c == Character.class
        || c == UUID.class
        || c.isEnum()
        || Temporal.class.isAssignableFrom(c)) {
      expect(json, JsonValue.ValueType.STRING, "a string", field, check);
    } else if (c == boolean.class || c == Boolean.class) {
      if (json != JsonValue.TRUE && json != JsonValue.FALSE) {
        fail(field, "must be true or false", check);
      }
    } else if (isWhole(c)) {
      whole(json, c, field, check);
    } else if (Number.class.isAssignableFrom(c) || c == double.class || c == float.class) {
      expect(json, JsonValue.ValueType.NUMBER, "a number", field, check);
    } else if (c.isArray() && c != byte[].class) {
      elements(json, c.getComponentType(), field, check);
    } else if (c.isRecord()) {
      if (expect(json, JsonValue.ValueType.OBJECT, "an object", field, check)) {
        JsonObject object = json.asJsonObject();
        for (RecordComponent rc : c.getRecordComponents()) {
          String name = Names.property(rc);
          if (object.containsKey(name)) {
            check(object.get(name), rc.getGenericType(), join(field, name), check);
          }
        }
      }
    }
    // anything else (JsonValue, Object, a class of its own): JSON-B decides
  }

  private static void elements(JsonValue json, Type element, String field, Check check) {
    if (expect(json, JsonValue.ValueType.ARRAY, "an array", field, check)) {
      JsonArray array = json.asJsonArray();
      for (int i = 0; i < array.size(); i++) {
        check(array.get(i), element, field + "[" + i + "]", check);
      }
    }
  }

  private static boolean isWhole(Class<?> c) {
    return c == int.class
        || c == Integer.class
        || c == long.class
        || c == Long.class
        || c == short.class
        || c == Short.class
        || c == byte.class
        || c == Byte.class
        || c == BigInteger.class;
  }

  private static void whole(JsonValue json, Class<?> c, String field, Check check) {
    if (!expect(json, JsonValue.ValueType.NUMBER, "a whole number", field, check)) {
      return;
    }
    BigDecimal value = ((JsonNumber) json).bigDecimalValue();
    BigInteger exact;
    try {
      exact = value.toBigIntegerExact();
    } catch (ArithmeticException fraction) {
      fail(field, "must be a whole number", check);
      return;
    }
    if (c == BigInteger.class) {
      return;
    }
    long min;
    long max;
    if (c == long.class || c == Long.class) {
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    } else if (c == short.class || c == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else if (c == byte.class || c == Byte.class) {
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    } else {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    }
    if (exact.compareTo(BigInteger.valueOf(min)) < 0
        || exact.compareTo(BigInteger.valueOf(max)) > 0) {
      fail(field, "must be between " + min + " and " + max, check);
    }
  }

  private static boolean expect(
      JsonValue json, JsonValue.ValueType wanted, String what, String field, Check check) {
    if (json.getValueType() == wanted) {
      return true;
    }
    fail(field, "must be " + what, check);
    return false;
  }

  private static void fail(String field, String message, Check check) {
    if (field.isEmpty()) {
      // the body as a whole is not what the operation takes ([1,2] for an object)
      throw ApiException.badRequest(
          "malformed_json", "The request body is not valid JSON of the expected shape.");
    }
    check.fail(field, message);
  }

  private static String join(String field, String member) {
    return field.isEmpty() ? member : field + "." + member;
  }
}
