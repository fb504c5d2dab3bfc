package dev.atelier.core.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.RequiresRole;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Writes the OpenAPI 3.1 document of a set of JAX-RS resources, core and plugins alike, from the
 * annotations the request pipeline obeys: JAX-RS's (verbs, paths, parameters, media types),
 * MicroProfile OpenAPI's ({@code @Operation}, {@code @Tag}, {@code @APIResponse}, {@code
 * RequestBody}, {@code @Parameter}, {@code @Schema}) and the core's security annotations (who may
 * call, which role, which errors follow). The same document on every application server: nothing of
 * it comes from the server's own OpenAPI implementation.
 */
final class OpenApiGenerator {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");
  private static final String PROBLEM = "Problem";

  /** A resource class and the plugin that contributes it (null for core's). */
  record Resource(Class<?> type, String pluginId) {}

  /**
   * The resource methods that serve one operation (more than one when they consume differently).
   */
  private record Op(String verb, String path, Resource resource, List<Method> variants) {}

  private final JsonSchemas schemas = new JsonSchemas();
  private final Map<String, ObjectNode> tags = new TreeMap<>();

  /** The document of {@code resources}, with {@code info} as its info object. */
  ObjectNode generate(ObjectNode info, List<Resource> resources) {
    Map<String, Op> ops = new LinkedHashMap<>();
    for (Resource r : resources) {
      collect(r, ops);
    }
    Map<String, Integer> names = new HashMap<>();
    ops.values().forEach(o -> names.merge(primary(o.variants()).getName(), 1, Integer::sum));

    schemas.add(PROBLEM, problemSchema());
    ObjectNode paths = JSON.objectNode();
    Map<String, ObjectNode> byPath = new TreeMap<>();
    for (Op op : ops.values()) {
      byPath
          .computeIfAbsent(op.path(), p -> JSON.objectNode())
          .set(op.verb().toLowerCase(java.util.Locale.ROOT), operation(op, names));
    }
    byPath.forEach(paths::set);

    ObjectNode doc = JSON.objectNode();
    doc.put("openapi", "3.1.0");
    doc.set("info", info);
    doc.putArray("servers").addObject().put("url", "/").put("description", "This server");
    ArrayNode security = doc.putArray("security");
    security.addObject().putArray("bearer");
    security.addObject().putArray("apiKey");
    ArrayNode tagList = doc.putArray("tags");
    tags.values().forEach(tagList::add);
    doc.set("paths", paths);
    ObjectNode components = doc.putObject("components");
    ObjectNode schemes = components.putObject("securitySchemes");
    schemes
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer")
        .put("bearerFormat", "JWT or API key")
        .put(
            "description",
            "An access token from POST /api/v1/auth/login, or an API key, as a bearer token.");
    schemes
        .putObject("apiKey")
        .put("type", "apiKey")
        .put("in", "header")
        .put("name", "X-API-Key")
        .put("description", "An API key from POST /api/v1/api-keys.");
    components.set("schemas", schemas.components());
    return doc;
  }

  // --- operations

  private void collect(Resource r, Map<String, Op> ops) {
    Class<?> type = r.type();
    jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
    String tag = tag(type, r.pluginId());
    List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
    methods.sort(Comparator.comparing(Method::getName));
    for (Method m : methods) {
      String verb = verb(m);
      if (verb == null || hidden(m)) {
        continue;
      }
      jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
      String path =
          TEMPLATE
              .matcher(join(base == null ? "" : base.value(), sub == null ? "" : sub.value()))
              .replaceAll("{$1}");
      ops.merge(
          verb + " " + path,
          new Op(verb, path, new Resource(type, r.pluginId()), List.of(m)),
          (a, b) -> {
            List<Method> variants = new ArrayList<>(a.variants());
            variants.addAll(b.variants());
            return new Op(verb, path, a.resource(), variants);
          });
      tags.putIfAbsent(tag, tagObject(type, tag, r.pluginId()));
    }
  }

  private ObjectNode operation(Op op, Map<String, Integer> names) {
    Method m = primary(op.variants());
    Class<?> type = op.resource().type();
    ObjectNode o = JSON.objectNode();
    o.putArray("tags").add(tag(type, op.resource().pluginId()));
    Operation doc = m.getAnnotation(Operation.class);
    String summary = doc == null ? "" : doc.summary();
    String description = doc == null ? "" : doc.description();
    if (!summary.isBlank()) {
      o.put("summary", summary);
    }
    String operationId =
        doc != null && !doc.operationId().isBlank() ? doc.operationId() : operationId(m, names);
    o.put("operationId", operationId);

    boolean isPublic = has(m, type, PublicEndpoint.class);
    String role = role(m, type);
    if (!isPublic && role != null) {
      description = (description.isBlank() ? "" : description + "\n\n") + "Requires: " + role + ".";
    }
    if (!description.isBlank()) {
      o.put("description", description);
    }

    ArrayNode parameters = JSON.arrayNode();
    for (Parameter p : m.getParameters()) {
      ObjectNode param = parameter(p);
      if (param != null) {
        parameters.add(param);
      }
    }
    if (!parameters.isEmpty()) {
      o.set("parameters", parameters);
    }
    ObjectNode body = requestBody(op.variants());
    if (body != null) {
      o.set("requestBody", body);
      if (op.variants().size() > 1) {
        alternatives(o, op.variants());
      }
    }
    ObjectNode responses = o.putObject("responses");
    successes(m, responses);
    errors(op, isPublic, responses, body != null);
    if (isPublic) {
      o.putArray("security"); // none needed
    }
    return o;
  }

  private ObjectNode parameter(Parameter p) {
    String in;
    String name;
    if (p.getAnnotation(PathParam.class) instanceof PathParam a) {
      in = "path";
      name = a.value();
    } else if (p.getAnnotation(QueryParam.class) instanceof QueryParam a) {
      in = "query";
      name = a.value();
    } else if (p.getAnnotation(HeaderParam.class) instanceof HeaderParam a) {
      in = "header";
      name = a.value();
    } else if (p.getAnnotation(CookieParam.class) instanceof CookieParam a) {
      in = "cookie";
      name = a.value();
    } else {
      return null;
    }
    ObjectNode param = JSON.objectNode().put("name", name).put("in", in);
    var declared =
        p.getAnnotation(org.eclipse.microprofile.openapi.annotations.parameters.Parameter.class);
    ObjectNode schema = schemas.schema(p.getParameterizedType(), false);
    if (declared != null) {
      if (!declared.description().isBlank()) {
        param.put("description", declared.description());
      }
      if (declared.required()) {
        param.put("required", true);
      }
      Schema s = declared.schema();
      if (s.type() != org.eclipse.microprofile.openapi.annotations.enums.SchemaType.DEFAULT) {
        schema = JsonSchemas.typed(s.type().name().toLowerCase(java.util.Locale.ROOT));
      }
      schema = JsonSchemas.describe(schema, s);
      if (!declared.example().isBlank()) {
        param.put("example", declared.example());
      }
    }
    if ("path".equals(in)) {
      param.put("required", true);
    }
    param.set("schema", schema);
    return param;
  }

  /** The request body: the JSON (or form, or raw) entity of the variants, by media type. */
  private ObjectNode requestBody(List<Method> variants) {
    ObjectNode content = JSON.objectNode();
    String description = null;
    for (Method m : variants) {
      var declared =
          m.getAnnotation(
              org.eclipse.microprofile.openapi.annotations.parameters.RequestBody.class);
      if (declared != null && declared.content().length > 0) {
        declared(declared.content(), content, false);
        if (!declared.description().isBlank()) {
          description = declared.description();
        }
        continue;
      }
      ObjectNode schema = bodySchema(m);
      if (schema == null) {
        continue;
      }
      for (String type : consumes(m)) {
        content.putObject(type).set("schema", schema);
      }
    }
    if (content.isEmpty()) {
      return null;
    }
    ObjectNode body = JSON.objectNode();
    if (description != null) {
      body.put("description", description);
    }
    body.put("required", true);
    body.set("content", content);
    return body;
  }

  /** The schema of a method's body: its form fields, raw bytes, or its entity's schema. */
  private ObjectNode bodySchema(Method m) {
    ObjectNode form = JsonSchemas.typed("object");
    ObjectNode fields = JSON.objectNode();
    ArrayNode required = JSON.arrayNode();
    Type entity = null;
    for (Parameter p : m.getParameters()) {
      FormParam field = p.getAnnotation(FormParam.class);
      if (field != null) {
        fields.set(field.value(), JsonSchemas.typed("string"));
        required.add(field.value());
      } else if (isEntity(p)) {
        entity = p.getParameterizedType();
      }
    }
    if (!fields.isEmpty()) {
      form.set("properties", fields);
      form.set("required", required);
      return form;
    }
    if (entity == null) {
      return null;
    }
    if (entity == InputStream.class || entity == byte[].class) {
      return JsonSchemas.typed("string").put("contentMediaType", "application/octet-stream");
    }
    return schemas.schema(entity, false);
  }

  private static boolean isEntity(Parameter p) {
    for (Annotation a : p.getAnnotations()) {
      if (a instanceof Context
          || a instanceof PathParam
          || a instanceof QueryParam
          || a instanceof HeaderParam
          || a instanceof CookieParam
          || a instanceof MatrixParam
          || a instanceof BeanParam
          || a instanceof FormParam) {
        return false;
      }
    }
    return true;
  }

  /** Several variants (JSON and a form, say): the JSON one's summary, the others named. */
  private static void alternatives(ObjectNode o, List<Method> variants) {
    List<String> others = new ArrayList<>();
    for (Method m : variants) {
      Operation doc = m.getAnnotation(Operation.class);
      String said = doc == null ? "" : doc.summary();
      for (String type : consumes(m)) {
        if (!MediaType.APPLICATION_JSON.equals(type) && !said.isBlank()) {
          others.add("`" + type + "`: " + said);
        }
      }
    }
    if (!others.isEmpty()) {
      String before = o.has("description") ? o.get("description").asText() + "\n\n" : "";
      o.put("description", before + "Also accepts " + String.join("; ", others) + ".");
    }
  }

  /** The responses the method declares, or the one its return type stands for. */
  private void successes(Method m, ObjectNode responses) {
    APIResponse[] declared = m.getAnnotationsByType(APIResponse.class);
    boolean success = false;
    for (APIResponse r : declared) {
      boolean error = r.responseCode().matches("[45].*");
      success |= !error;
      ObjectNode response = responses.putObject(r.responseCode());
      response.put("description", r.description().isBlank() ? "Success" : r.description());
      if (r.content().length > 0) {
        declared(r.content(), response.putObject("content"), true);
        if (response.get("content").isEmpty()) {
          response.remove("content");
        }
      } else if (error) {
        // a declared error is a problem, like the pipeline's own
        response
            .putObject("content")
            .putObject("application/problem+json")
            .set("schema", JsonSchemas.ref(PROBLEM));
      }
    }
    if (success) {
      return;
    }
    Type returns = m.getGenericReturnType();
    if (returns == void.class && produces(m).contains(MediaType.SERVER_SENT_EVENTS)) {
      // an event stream written to an SseEventSink
      responses
          .putObject("200")
          .put("description", "Server-sent events")
          .putObject("content")
          .putObject(MediaType.SERVER_SENT_EVENTS)
          .set("schema", JsonSchemas.typed("string"));
    } else if (returns == void.class) {
      responses.putObject("204").put("description", "Done; no content");
    } else if (returns == Response.class) {
      responses.putObject("200").put("description", "Success");
    } else {
      ObjectNode ok = responses.putObject("200").put("description", "Success");
      for (String type : produces(m)) {
        ok.putObject("content").putObject(type).set("schema", schemas.schema(returns, true));
      }
    }
  }

  /** Declared contents ({@code @Content}), into {@code content} by media type. */
  private void declared(Content[] declared, ObjectNode content, boolean response) {
    for (Content c : declared) {
      Schema s = c.schema();
      ObjectNode schema;
      if (!s.ref().isBlank()) {
        schema =
            s.ref().startsWith("#")
                ? JSON.objectNode().put("$ref", s.ref())
                : JsonSchemas.ref(s.ref());
      } else if (s.implementation() != Void.class) {
        schema = schemas.schema(s.implementation(), response);
      } else if (s.type()
          != org.eclipse.microprofile.openapi.annotations.enums.SchemaType.DEFAULT) {
        schema = JsonSchemas.typed(s.type().name().toLowerCase(java.util.Locale.ROOT));
        schema = JsonSchemas.describe(schema, s);
      } else {
        schema = JSON.objectNode();
      }
      String type = c.mediaType().isBlank() ? MediaType.APPLICATION_JSON : c.mediaType();
      content.putObject(type).set("schema", schema);
    }
  }

  /** The error answers the request pipeline can give to this operation. */
  private static void errors(Op op, boolean isPublic, ObjectNode responses, boolean hasBody) {
    boolean plugin = op.resource().pluginId() != null;
    if (!isPublic) {
      problem(responses, "401", "Missing, invalid, expired or revoked credential");
      problem(
          responses,
          "403",
          plugin
              ? "The credential's role is not enough, or the feature is switched off for this"
                  + " workspace (feature_disabled)"
              : "The credential's role is not enough for this operation");
    }
    if (hasBody) {
      problem(responses, "400", "Malformed JSON or bad request");
      problem(responses, "413", "Request body too large");
      problem(responses, "415", "Unsupported content type");
      problem(responses, "422", "Validation failed; see errors");
    }
    if (op.path().contains("{")) {
      problem(responses, "404", "Not found (also for another workspace's resources)");
    }
    if ("GET".equals(op.verb()) && !op.path().contains("{")) {
      problem(responses, "422", "Invalid paging or filter parameters");
    }
    if ("POST".equals(op.verb())
        && op.variants().stream().noneMatch(v -> v.isAnnotationPresent(NotIdempotent.class))) {
      problem(
          responses,
          "409",
          "A request with the same Idempotency-Key is still running (idempotency_in_flight)");
    }
    problem(responses, "406", "Accept names no media type this operation answers with");
    problem(responses, "429", "Rate limited; see Retry-After");
    problem(responses, "503", "The database does not answer; see Retry-After");
  }

  private static void problem(ObjectNode responses, String code, String description) {
    if (responses.has(code)) {
      return;
    }
    ObjectNode r = responses.putObject(code).put("description", description);
    r.putObject("content")
        .putObject("application/problem+json")
        .set("schema", JsonSchemas.ref(PROBLEM));
  }

  // --- names

  private static String tag(Class<?> type, String pluginId) {
    Tag t = type.getAnnotation(Tag.class);
    return t != null && !t.name().isBlank() ? t.name() : pluginId != null ? pluginId : "Server";
  }

  private static ObjectNode tagObject(Class<?> type, String name, String pluginId) {
    ObjectNode t = JSON.objectNode().put("name", name);
    Tag declared = type.getAnnotation(Tag.class);
    if (declared != null && !declared.description().isBlank()) {
      t.put("description", declared.description());
    } else if (pluginId != null) {
      t.put("description", "Plugin " + pluginId);
    }
    return t;
  }

  /** The method's name, prefixed with its resource's ({@code projectsCreate}) when shared. */
  private static String operationId(Method m, Map<String, Integer> names) {
    String name = m.getName();
    if (names.getOrDefault(name, 0) <= 1) {
      return name;
    }
    String type = m.getDeclaringClass().getSimpleName().replaceFirst("Resource$", "");
    return Character.toLowerCase(type.charAt(0))
        + type.substring(1)
        + Character.toUpperCase(name.charAt(0))
        + name.substring(1);
  }

  private static String role(Method m, Class<?> type) {
    if (has(m, type, SuperuserOnly.class)) {
      return "platform superuser";
    }
    RequiresRole r = m.getAnnotation(RequiresRole.class);
    if (r == null) {
      r = type.getAnnotation(RequiresRole.class);
    }
    return (r == null ? "viewer" : r.value().wire()) + " role";
  }

  /** Of several variants, the one that consumes JSON, else the first. */
  private static Method primary(List<Method> variants) {
    for (Method m : variants) {
      if (consumes(m).contains(MediaType.APPLICATION_JSON)) {
        return m;
      }
    }
    return variants.get(0);
  }

  private static List<String> consumes(Method m) {
    Consumes c = m.getAnnotation(Consumes.class);
    if (c == null) {
      c = m.getDeclaringClass().getAnnotation(Consumes.class);
    }
    return c == null ? List.of(MediaType.APPLICATION_JSON) : List.of(c.value());
  }

  private static List<String> produces(Method m) {
    Produces p = m.getAnnotation(Produces.class);
    if (p == null) {
      p = m.getDeclaringClass().getAnnotation(Produces.class);
    }
    return p == null ? List.of(MediaType.APPLICATION_JSON) : List.of(p.value()[0]);
  }

  private static boolean hidden(Method m) {
    Operation doc = m.getAnnotation(Operation.class);
    return doc != null && doc.hidden();
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

  private static ObjectNode problemSchema() {
    ObjectNode s = JsonSchemas.typed("object");
    s.put("description", "RFC 9457 problem details with a stable code");
    ObjectNode p = s.putObject("properties");
    p.set("type", JsonSchemas.typed("string").put("format", "uri"));
    p.set("title", JsonSchemas.typed("string"));
    p.set("status", JsonSchemas.typed("integer").put("format", "int32"));
    p.set("detail", JsonSchemas.typed("string"));
    p.set(
        "code",
        JsonSchemas.typed("string")
            .put("description", "A stable, machine-readable code (docs/api-conventions.md)"));
    ObjectNode instance = JsonSchemas.typed("string");
    JsonSchemas.nullable(instance);
    p.set("instance", instance);
    ObjectNode error = JsonSchemas.typed("object");
    ObjectNode ep = error.putObject("properties");
    ep.set("field", JsonSchemas.typed("string"));
    ep.set("message", JsonSchemas.typed("string"));
    error.putArray("required").add("field").add("message");
    ObjectNode errors = JsonSchemas.typed("array");
    errors.set("items", error);
    p.set("errors", errors);
    s.putArray("required").add("type").add("title").add("status").add("code").add("errors");
    return s;
  }
}
