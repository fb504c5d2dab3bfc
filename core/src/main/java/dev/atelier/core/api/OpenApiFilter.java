package dev.atelier.core.api;

import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.core.security.RequiresRole;
import dev.atelier.core.security.SuperuserOnly;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the generated OpenAPI document from the same annotations the request pipeline obeys:
 * each operation gets its security requirement (bearer token or API key, unless public), the role
 * it needs, and the problem+json error responses it can return.
 */
public class OpenApiFilter implements OASFilter {

  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  /** What the pipeline knows about one operation. */
  private record OperationInfo(
      boolean isPublic, String role, boolean hasBody, boolean hasPath, String operationId) {}

  private final Map<String, OperationInfo> operations = index();

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Components components = openAPI.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      openAPI.setComponents(components);
    }
    components.addSecurityScheme(
        "bearer",
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .bearerFormat("JWT or API key")
            .description("An access token from /api/v1/auth/login, or an API key."));
    components.addSecurityScheme(
        "apiKey",
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.APIKEY)
            .in(SecurityScheme.In.HEADER)
            .name("X-API-Key"));
    components.addSchema("Problem", problemSchema());
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations().forEach((method, op) -> complete(path, method.name(), op)));
  }

  private void complete(String path, String method, Operation op) {
    OperationInfo info = operations.get(method + " " + normalize(path));
    if (info == null) {
      return;
    }
    op.setOperationId(info.operationId());
    APIResponses responses = op.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      op.setResponses(responses);
    }
    if (!info.isPublic()) {
      op.setSecurity(
          List.of(
              OASFactory.createSecurityRequirement().addScheme("bearer"),
              OASFactory.createSecurityRequirement().addScheme("apiKey")));
      add(responses, "401", "Missing, invalid, expired or revoked credential");
      add(responses, "403", "The credential's role is not enough for this operation");
      if (info.role() != null) {
        String description = op.getDescription() == null ? "" : op.getDescription() + "\n\n";
        op.setDescription(description + "Requires: " + info.role() + ".");
      }
    }
    if (info.hasBody()) {
      add(responses, "400", "Malformed JSON or bad request");
      add(responses, "413", "Request body too large");
      add(responses, "415", "Unsupported content type");
      add(responses, "422", "Validation failed; see errors");
    }
    if (info.hasPath()) {
      add(responses, "404", "Not found (also for another workspace's resources)");
    }
    if ("GET".equals(method) && !info.hasPath()) {
      add(responses, "422", "Invalid paging or filter parameters");
    }
    add(responses, "429", "Rate limited; see Retry-After");
  }

  private static void add(APIResponses responses, String code, String description) {
    if (responses.hasAPIResponse(code)) {
      return;
    }
    Content content =
        OASFactory.createContent()
            .addMediaType(
                "application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    APIResponse response = OASFactory.createAPIResponse().description(description).content(content);
    responses.addAPIResponse(code, response);
  }

  private static Schema problemSchema() {
    Schema string = OASFactory.createSchema().type(Schema.SchemaType.STRING);
    Schema fieldError =
        OASFactory.createSchema()
            .type(Schema.SchemaType.OBJECT)
            .addProperty("field", string)
            .addProperty("message", string);
    return OASFactory.createSchema()
        .type(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details with a stable code")
        .addProperty("type", string)
        .addProperty("title", string)
        .addProperty("status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER))
        .addProperty("detail", string)
        .addProperty("code", string)
        .addProperty("instance", string)
        .addProperty(
            "errors", OASFactory.createSchema().type(Schema.SchemaType.ARRAY).items(fieldError));
  }

  private static String normalize(String path) {
    String p = path.replaceAll("\\{[^}]+}", "{}");
    return p.startsWith("/") ? p : "/" + p;
  }

  private static Map<String, OperationInfo> index() {
    Map<String, OperationInfo> map = new HashMap<>();
    for (Class<?> type : RestApplication.RESOURCES) {
      jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
      for (Method m : type.getMethods()) {
        String verb = verb(m);
        if (verb == null) {
          continue;
        }
        jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
        String path = join(base == null ? "" : base.value(), sub == null ? "" : sub.value());
        boolean isPublic = has(m, type, PublicEndpoint.class);
        String role = null;
        if (has(m, type, SuperuserOnly.class)) {
          role = "platform superuser";
        } else {
          RequiresRole r = m.getAnnotation(RequiresRole.class);
          if (r == null) {
            r = type.getAnnotation(RequiresRole.class);
          }
          role = (r == null ? "viewer" : r.value().wire()) + " role";
        }
        boolean hasBody = "POST".equals(verb) || "PUT".equals(verb) || "PATCH".equals(verb);
        map.put(
            verb + " " + normalize(path),
            new OperationInfo(isPublic, role, hasBody, path.contains("{"), operationId(type, m)));
      }
    }
    return map;
  }

  /** A unique, readable operation id: {@code projects_create}, {@code apiKeys_list}. */
  private static String operationId(Class<?> type, Method m) {
    String base = type.getSimpleName().replaceAll("Resource$", "");
    return Character.toLowerCase(base.charAt(0)) + base.substring(1) + "_" + m.getName();
  }

  private static boolean has(Method m, Class<?> type, Class<? extends Annotation> a) {
    return m.isAnnotationPresent(a) || type.isAnnotationPresent(a);
  }

  private static String join(String a, String b) {
    String s = ("/" + a + "/" + b).replaceAll("/+", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String verb(Method m) {
    if (m.isAnnotationPresent(GET.class)) {
      return "GET";
    }
    if (m.isAnnotationPresent(POST.class)) {
      return "POST";
    }
    if (m.isAnnotationPresent(PUT.class)) {
      return "PUT";
    }
    if (m.isAnnotationPresent(PATCH.class)) {
      return "PATCH";
    }
    if (m.isAnnotationPresent(DELETE.class)) {
      return "DELETE";
    }
    return null;
  }
}
