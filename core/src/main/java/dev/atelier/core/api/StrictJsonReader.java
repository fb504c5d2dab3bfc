package dev.atelier.core.api;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.plugin.api.web.Check;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON-B binds the first value of a body and ignores whatever follows it, so {@code {"a":1}}} or
 * two concatenated documents would be accepted, and it converts values of the wrong JSON type.
 * Every JSON body is therefore checked to be exactly one well-formed JSON text whose values have
 * the types of the fields they bind to ({@link JsonTypes}: 422 {@code validation_error} naming each
 * field) before it is bound; anything else, nesting too deep to read included, is 400 {@code
 * malformed_json}. The body is already capped by {@link BodyLimitFilter}. A resource that takes the
 * body as an {@code InputStream} (the MCP endpoint, which answers a JSON-RPC parse error) reads it
 * itself.
 */
@Provider
public class StrictJsonReader implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    // a resource that takes the raw stream reads (and judges) the JSON itself
    if (!isJson(context.getMediaType()) || context.getType() == InputStream.class) {
      return context.proceed();
    }
    byte[] body = context.getInputStream().readAllBytes();
    if (body.length > 0) {
      Check types = Check.start();
      JsonTypes.check(parse(body), context.getGenericType(), types);
      types.done();
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }

  /** The one JSON value {@code body} holds; 400 {@code malformed_json} when it is not that. */
  private static JsonValue parse(byte[] body) {
    try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
      JsonParser.Event first = parser.next();
      JsonValue value =
          switch (first) {
            case START_OBJECT, START_ARRAY -> parser.getValue();
            case KEY_NAME, END_OBJECT, END_ARRAY -> throw new IllegalStateException(first.name());
            default -> parser.getValue();
          };
      if (parser.hasNext()) {
        throw new IllegalStateException("more follows the value");
      }
      return value;
    } catch (RuntimeException e) {
      // JsonException for bad syntax; a plain RuntimeException from Parsson for a document
      // nested deeper than it reads (1,000 levels)
      throw ApiException.badRequest(
          "malformed_json", "The request body is not valid JSON of the expected shape.");
    }
  }

  private static boolean isJson(MediaType type) {
    return type != null
        && "application".equalsIgnoreCase(type.getType())
        && ("json".equalsIgnoreCase(type.getSubtype())
            || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
  }
}
