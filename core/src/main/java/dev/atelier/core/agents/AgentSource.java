package dev.atelier.core.agents;

import dev.atelier.plugin.api.web.Check;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/**
 * A spec's source text and its notation: the body of validate, create and replace.
 *
 * <p>Read by {@link Reader}, which checks both members: absent, null or not a string, or a format
 * other than {@code yaml} or {@code json}, is a field error (422), where plain binding would turn a
 * number into text or refuse an object as malformed.
 *
 * @param content the spec as YAML or JSON text, at most 256 KiB
 * @param format {@code yaml} or {@code json}
 */
@JsonbTypeDeserializer(AgentSource.Reader.class)
public record AgentSource(String content, String format) {

  /** The notation, once read. */
  SpecFormat specFormat() {
    return SpecFormat.of(format);
  }

  /** Reads and checks a request body; throws 422 with every field error at once. */
  public static final class Reader implements JsonbDeserializer<AgentSource> {

    @Override
    public AgentSource deserialize(JsonParser parser, DeserializationContext ctx, Type type) {
      if (!(parser.getValue() instanceof JsonObject body)) {
        throw new JsonbException("Expected a JSON object");
      }
      Check check = Check.start();
      String content = text(check, body, "content");
      String format = text(check, body, "format");
      if (format != null && SpecFormat.of(format) == null) {
        check.fail("format", "must be yaml or json");
      }
      check.done();
      return new AgentSource(content, format);
    }

    private static String text(Check check, JsonObject body, String field) {
      JsonValue value = body.get(field);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        check.fail(field, "is required");
        return null;
      }
      if (!(value instanceof JsonString s)) {
        check.fail(field, "must be a string");
        return null;
      }
      return s.getString();
    }
  }
}
