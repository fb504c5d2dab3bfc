package dev.atelier.core.api;

import static dev.atelier.core.api.JsonP.JSON;

import jakarta.json.JsonException;
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
 * two concatenated documents would be accepted. Every JSON body is therefore checked to be exactly
 * one well-formed JSON text before it is bound; anything else is 400 {@code malformed_json}. The
 * body is already capped by {@link BodyLimitFilter}. A resource that takes the body as an {@code
 * InputStream} (the MCP endpoint, which answers a JSON-RPC parse error) reads it itself.
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
      try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
        while (parser.hasNext()) {
          parser.next();
        }
      } catch (JsonException | IllegalStateException e) {
        throw ApiException.badRequest(
            "malformed_json", "The request body is not valid JSON of the expected shape.");
      }
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }

  private static boolean isJson(MediaType type) {
    return type != null
        && "application".equalsIgnoreCase(type.getType())
        && ("json".equalsIgnoreCase(type.getSubtype())
            || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
  }
}
