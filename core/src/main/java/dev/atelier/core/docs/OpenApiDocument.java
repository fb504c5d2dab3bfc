package dev.atelier.core.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atelier.core.api.RestApplication;
import dev.atelier.core.platform.Version;
import dev.atelier.core.plugins.PluginRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's OpenAPI document: the core's operations and those of the started plugins, written
 * once (plugins do not change while the server runs) and served as is.
 */
@ApplicationScoped
public class OpenApiDocument {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Inject PluginRoutes routes;

  private volatile byte[] json;
  private volatile byte[] yaml;

  /** The document as JSON. */
  public byte[] json() {
    byte[] j = json;
    if (j == null) {
      synchronized (this) {
        if (json == null) {
          json = write(build());
        }
        j = json;
      }
    }
    return j;
  }

  /** The document as YAML. */
  public byte[] yaml() {
    byte[] y = yaml;
    if (y == null) {
      try {
        y =
            YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build()
                .writeValueAsBytes(JSON.readTree(json()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      yaml = y;
    }
    return y;
  }

  /** The document as a tree, built anew. */
  public ObjectNode build() {
    List<OpenApiGenerator.Resource> resources = new ArrayList<>();
    RestApplication.RESOURCES.forEach(r -> resources.add(new OpenApiGenerator.Resource(r, null)));
    for (Object route : routes.resources()) {
      resources.add(
          new OpenApiGenerator.Resource(route.getClass(), routes.ownerOf(route.getClass()).id()));
    }
    return new OpenApiGenerator().generate(info(), resources);
  }

  private static ObjectNode info() {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("title", "Atelier API");
    info.put("version", Version.current());
    info.put(
        "description",
        "Multi-tenant agent studio server. Authenticate with `Authorization: Bearer <access"
            + " token>` (from POST /api/v1/auth/login) or an API key (`X-API-Key`). Errors are"
            + " `application/problem+json` with a stable `code`; the conventions of every"
            + " operation are in docs/api-conventions.md.");
    info.putObject("contact").put("name", "Atelier").put("url", "https://atelier.dev");
    info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
    return info;
  }

  private static byte[] write(ObjectNode doc) {
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
