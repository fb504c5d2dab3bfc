package dev.atelier.core.api;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;

/**
 * The JSON shape of the API: snake_case names, nulls written out (so every field of a type is
 * always present), timestamps as RFC 3339. Unknown fields in request bodies are ignored.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

  private static final Jsonb JSONB = create();

  public static Jsonb jsonb() {
    return JSONB;
  }

  private static Jsonb create() {
    return JsonbBuilder.create(
        new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true)
            .withDeserializers(new StrictBoolean()));
  }

  /**
   * A boolean is JSON {@code true} or {@code false}. Left alone, the binder reads any other value
   * with {@code Boolean.parseBoolean}, so {@code {"disabled": 1}} would mean false.
   */
  public static final class StrictBoolean implements JsonbDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext ctx, Type type) {
      JsonValue value = parser.getValue();
      if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
        return value == JsonValue.TRUE;
      }
      if (value == JsonValue.NULL) {
        return null;
      }
      throw new JsonbException("Expected true or false");
    }
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
