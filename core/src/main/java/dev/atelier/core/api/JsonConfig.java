package dev.atelier.core.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

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
            .withNullValues(true));
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
