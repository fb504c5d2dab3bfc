package dev.atelier.core.api;

import dev.atelier.core.plugins.PluginHost;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.RequiresRole;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.Paths;
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
  private static final Pattern TEMPLATE_PATTERN = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");

  /**
   * What the pipeline knows about one operation; {@code variants} are the resource methods that
   * serve it (more than one when they differ by the media type they consume).
   */
  private record OperationInfo(
      boolean isPublic,
      String role,
      boolean hasBody,
      boolean hasPath,
      boolean plugin,
      List<Method> variants) {}

  private Map<String, OperationInfo> operations;
  private Set<String> sharedNames;
  private PluginOpenApi schemas;

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Map<Object, String> pluginRoutes = pluginRoutes();
    List<Class<?>> classes = new ArrayList<>(RestApplication.RESOURCES);
    pluginRoutes.keySet().forEach(r -> classes.add(r.getClass()));
    operations = index(classes, RestApplication.RESOURCES.size());
    sharedNames = sharedNames(operations);
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
    schemas = new PluginOpenApi(components);
    schemas.addTo(openAPI, pluginRoutes);
    plainTemplates(openAPI);
    // JSON-B writes and reads snake_case member names (JsonConfig); so must the document
    if (components.getSchemas() != null) {
      components.getSchemas().values().forEach(OpenApiFilter::snakeCase);
    }
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    Components all = components;
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach((method, op) -> complete(all, path, method.name(), op)));
  }

  /**
   * A path parameter's regular expression ({@code {path: .+}}) is for JAX-RS; the document names
   * the parameter only ({@code {path}}).
   */
  private static void plainTemplates(OpenAPI openAPI) {
    Paths paths = openAPI.getPaths();
    if (paths == null || paths.getPathItems() == null) {
      return;
    }
    new LinkedHashMap<>(paths.getPathItems())
        .forEach(
            (path, item) -> {
              String plain = TEMPLATE_PATTERN.matcher(path).replaceAll("{$1}");
              if (!plain.equals(path)) {
                paths.removePathItem(path);
                paths.addPathItem(plain, item);
              }
            });
  }

  private void complete(Components components, String path, String method, Operation op) {
    OperationInfo info = operations.get(method + " " + normalize(path));
    if (info == null) {
      return;
    }
    info.variants().forEach(m -> declaredContents(op, m));
    // operation ids must be unique in the document; method names alone are not
    Method primary = primary(info.variants());
    op.setOperationId(operationId(primary, sharedNames));
    if (primary.getGenericReturnType() instanceof ParameterizedType page
        && page.getRawType() == Page.class
        && op.getResponses() != null) {
      // the scan does not see inside the plugin API's generic Page: describe it here
      String success = op.getResponses().hasAPIResponse("200") ? "200" : "default";
      APIResponse response = op.getResponses().getAPIResponse(success);
      if (response != null) {
        response.content(
            OASFactory.createContent()
                .addMediaType(
                    MediaType.APPLICATION_JSON,
                    OASFactory.createMediaType().schema(schemas.schema(page))));
      }
    }
    if (info.variants().size() > 1) {
      describeVariants(components, op, info.variants());
    }
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
      add(
          responses,
          "403",
          info.plugin()
              ? "The credential's role is not enough, or the feature is switched off for this"
                  + " workspace (feature_disabled)"
              : "The credential's role is not enough for this operation");
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

  /**
   * The application scan turns {@code @Content(schema = @Schema(implementation = X.class))} of a
   * declared {@code @APIResponse} or {@code @RequestBody} into an empty object: describe such
   * contents here, the way plugin routes are described.
   */
  private void declaredContents(Operation op, Method m) {
    var declaredBody =
        m.getAnnotation(org.eclipse.microprofile.openapi.annotations.parameters.RequestBody.class);
    if (declaredBody != null && declaredBody.content().length > 0 && op.getRequestBody() != null) {
      op.getRequestBody().setContent(content(declaredBody.content()));
    }
    if (op.getResponses() == null) {
      return;
    }
    for (var declared :
        m.getAnnotationsByType(
            org.eclipse.microprofile.openapi.annotations.responses.APIResponse.class)) {
      APIResponse response = op.getResponses().getAPIResponse(declared.responseCode());
      if (response == null || declared.content().length == 0) {
        continue;
      }
      Content content = content(declared.content());
      response.setContent(content);
    }
  }

  /** The described form of declared contents: each media type with its schema. */
  private Content content(org.eclipse.microprofile.openapi.annotations.media.Content[] declared) {
    Content content = OASFactory.createContent();
    for (var c : declared) {
      var declaredSchema = c.schema();
      Schema schema;
      if (declaredSchema.implementation() != Void.class) {
        schema = schemas.schema(declaredSchema.implementation());
      } else {
        schema =
            declaredSchema.type() == SchemaType.DEFAULT
                ? OASFactory.createSchema()
                : OpenApiSchemas.of(Schema.SchemaType.valueOf(declaredSchema.type().name()));
        if (!declaredSchema.format().isEmpty()) {
          schema.format(declaredSchema.format());
        }
      }
      content.addMediaType(c.mediaType(), OASFactory.createMediaType().schema(schema));
    }
    return content;
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

  /**
   * Several resource methods on one path and verb that consume different media types (say JSON and
   * a form) are one operation in the document, whose request body lists every media type.
   */
  private static void describeVariants(Components components, Operation op, List<Method> variants) {
    Content content = OASFactory.createContent();
    String summary = null;
    List<String> alternatives = new ArrayList<>();
    for (Method m : variants) {
      Consumes consumes = m.getAnnotation(Consumes.class);
      if (consumes == null) {
        consumes = m.getDeclaringClass().getAnnotation(Consumes.class);
      }
      Schema schema = bodySchema(components, m);
      if (consumes == null || schema == null) {
        continue;
      }
      org.eclipse.microprofile.openapi.annotations.Operation annotation =
          m.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class);
      String said = annotation == null ? "" : annotation.summary();
      for (String type : consumes.value()) {
        content.addMediaType(type, OASFactory.createMediaType().schema(schema));
        if (MediaType.APPLICATION_JSON.equals(type)) {
          summary = said;
        } else {
          alternatives.add("`" + type + "`: " + said);
        }
      }
    }
    if (content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
      return;
    }
    op.setRequestBody(OASFactory.createRequestBody().required(true).content(content));
    if (summary != null && !summary.isBlank()) {
      op.setSummary(summary);
    }
    if (!alternatives.isEmpty()) {
      String description = op.getDescription() == null ? "" : op.getDescription() + "\n\n";
      op.setDescription(description + "Also accepts " + String.join("; ", alternatives) + ".");
    }
  }

  /** Of several variants, the one that consumes JSON, else the first. */
  private static Method primary(List<Method> variants) {
    for (Method m : variants) {
      Consumes consumes = m.getAnnotation(Consumes.class);
      if (consumes != null && List.of(consumes.value()).contains(MediaType.APPLICATION_JSON)) {
        return m;
      }
    }
    return variants.get(0);
  }

  /** The method names that serve more than one operation. */
  private static Set<String> sharedNames(Map<String, OperationInfo> operations) {
    Map<String, Integer> counts = new HashMap<>();
    operations
        .values()
        .forEach(o -> counts.merge(primary(o.variants()).getName(), 1, Integer::sum));
    Set<String> shared = new HashSet<>();
    counts.forEach(
        (name, count) -> {
          if (count > 1) {
            shared.add(name);
          }
        });
    return shared;
  }

  /** The method's name, prefixed with its resource's ({@code projectsCreate}) when shared. */
  private static String operationId(Method m, Set<String> shared) {
    String name = m.getName();
    if (!shared.contains(name)) {
      return name;
    }
    String type = m.getDeclaringClass().getSimpleName().replaceFirst("Resource$", "");
    return Character.toLowerCase(type.charAt(0))
        + type.substring(1)
        + Character.toUpperCase(name.charAt(0))
        + name.substring(1);
  }

  /**
   * The schema of a method's body: its form fields, raw bytes, or a reference to its entity's
   * schema.
   */
  private static Schema bodySchema(Components components, Method m) {
    Schema form = OpenApiSchemas.of(Schema.SchemaType.OBJECT);
    boolean hasForm = false;
    Class<?> entity = null;
    Parameter[] parameters = m.getParameters();
    for (Parameter p : parameters) {
      FormParam field = p.getAnnotation(FormParam.class);
      if (field != null) {
        form.addProperty(field.value(), OpenApiSchemas.of(Schema.SchemaType.STRING));
        form.addRequired(field.value());
        hasForm = true;
      } else if (p.getAnnotations().length == 0) {
        entity = p.getType();
      }
    }
    if (hasForm) {
      return form;
    }
    if (entity == InputStream.class || entity == byte[].class) {
      return OpenApiSchemas.of(Schema.SchemaType.STRING).format("binary");
    }
    if (entity != null
        && components.getSchemas() != null
        && components.getSchemas().containsKey(entity.getSimpleName())) {
      return OASFactory.createSchema().ref("#/components/schemas/" + entity.getSimpleName());
    }
    return null;
  }

  /** Renames the members of {@code schema} (and of the schemas inside it) to snake_case. */
  private static void snakeCase(Schema schema) {
    if (schema == null || schema.getRef() != null) {
      return;
    }
    Map<String, Schema> properties = schema.getProperties();
    if (properties != null) {
      Map<String, Schema> renamed = new LinkedHashMap<>();
      properties.forEach(
          (name, property) -> {
            snakeCase(property);
            renamed.put(snakeCase(name), property);
          });
      schema.setProperties(renamed);
    }
    if (schema.getRequired() != null) {
      schema.setRequired(schema.getRequired().stream().map(OpenApiFilter::snakeCase).toList());
    }
    snakeCase(schema.getItems());
    if (schema.getAdditionalPropertiesSchema() != null) {
      snakeCase(schema.getAdditionalPropertiesSchema());
    }
    for (List<Schema> list :
        java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
      if (list != null) {
        list.forEach(OpenApiFilter::snakeCase);
      }
    }
  }

  /** The same translation as JSON-B's {@code LOWER_CASE_WITH_UNDERSCORES}. */
  public static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Schema problemSchema() {
    Schema string = OpenApiSchemas.of(Schema.SchemaType.STRING);
    Schema fieldError =
        OpenApiSchemas.of(Schema.SchemaType.OBJECT)
            .addProperty("field", string)
            .addProperty("message", string);
    return OpenApiSchemas.of(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details with a stable code")
        .addProperty("type", string)
        .addProperty("title", string)
        .addProperty("status", OpenApiSchemas.of(Schema.SchemaType.INTEGER))
        .addProperty("detail", string)
        .addProperty("code", string)
        .addProperty("instance", string)
        .addProperty("errors", OpenApiSchemas.of(Schema.SchemaType.ARRAY).items(fieldError));
  }

  private static String normalize(String path) {
    String p = path.replaceAll("\\{[^}]+}", "{}");
    return p.startsWith("/") ? p : "/" + p;
  }

  /** The route resources of the started plugins, each with its plugin's id. */
  private static Map<Object, String> pluginRoutes() {
    Map<Object, String> out = new LinkedHashMap<>();
    try {
      PluginHost host = CDI.current().select(PluginHost.class).get();
      for (Object r : host.routeResources()) {
        out.put(r, host.ownerOf(r.getClass()).id());
      }
    } catch (IllegalStateException e) {
      // no CDI container (a unit test): the core's operations only
    }
    return out;
  }

  /**
   * What the pipeline knows of each operation; {@code resources} past {@code core} are plugins'.
   */
  private static Map<String, OperationInfo> index(List<Class<?>> resources, int core) {
    Map<String, OperationInfo> map = new HashMap<>();
    for (int i = 0; i < resources.size(); i++) {
      Class<?> type = resources.get(i);
      boolean plugin = i >= core;
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
        map.merge(
            verb + " " + normalize(path),
            new OperationInfo(isPublic, role, hasBody, path.contains("{"), plugin, List.of(m)),
            (a, b) -> {
              List<Method> variants = new ArrayList<>(a.variants());
              variants.addAll(b.variants());
              variants.sort(Comparator.comparing(Method::getName));
              return new OperationInfo(
                  a.isPublic() && b.isPublic(),
                  a.role(),
                  hasBody,
                  a.hasPath(),
                  a.plugin(),
                  variants);
            });
      }
    }
    return map;
  }

  private static boolean has(Method m, Class<?> type, Class<? extends Annotation> a) {
    return m.isAnnotationPresent(a) || type.isAnnotationPresent(a);
  }

  static String join(String a, String b) {
    String s = ("/" + a + "/" + b).replaceAll("/+", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static String verb(Method m) {
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
