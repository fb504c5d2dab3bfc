package dev.atelier.core.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.PublicRoute;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
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
  private static final String FIELD_ERROR = "FieldError";

  /** A resource class and the plugin that contributes it (null for core's). */
  record Resource(Class<?> type, String pluginId) {}

  /**
   * The resource methods that serve one operation (more than one when they consume differently).
   */
  private record Op(String verb, String path, Resource resource, List<Method> variants) {}

  private final JsonSchemas schemas = new JsonSchemas();
  private final Map<String, ObjectNode> tags = new TreeMap<>();

  private final Set<String> operationIds = new HashSet<>();

  /** The tags whose description a resource declares ({@code @Tag(description = ...)}). */
  private final Set<String> described = new HashSet<>();

  /** The document of {@code resources}, with {@code info} as its info object. */
  ObjectNode generate(ObjectNode info, List<Resource> resources) {
    Map<String, Op> ops = new LinkedHashMap<>();
    for (Resource r : resources) {
      collect(r, ops);
    }

    schemas.add(PROBLEM, problemSchema());
    schemas.add(FIELD_ERROR, fieldErrorSchema());
    ObjectNode paths = JSON.objectNode();
    Map<String, ObjectNode> byPath = new TreeMap<>();
    for (Op op : ops.values()) {
      byPath
          .computeIfAbsent(op.path(), p -> JSON.objectNode())
          .set(op.verb().toLowerCase(java.util.Locale.ROOT), operation(op));
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
    components.set("headers", headerComponents());
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
      Tag declared = type.getAnnotation(Tag.class);
      if (declared != null && !declared.description().isBlank() && described.add(tag)) {
        tags.put(tag, tagObject(type, tag, r.pluginId()));
      } else {
        tags.putIfAbsent(tag, tagObject(type, tag, r.pluginId()));
      }
    }
  }

  private ObjectNode operation(Op op) {
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
        doc != null && !doc.operationId().isBlank() ? doc.operationId() : operationId(op, m);
    if (!operationIds.add(operationId)) { // a plugin's operation named like another one
      operationId +=
          pascal(
              op.resource().pluginId() == null ? type.getSimpleName() : op.resource().pluginId());
      operationIds.add(operationId);
    }
    o.put("operationId", operationId);

    boolean isPublic =
        has(m, type, PublicEndpoint.class) || m.isAnnotationPresent(PublicRoute.class);
    String role = role(m, type);
    String access = isPublic ? "Public: needs no credential." : "Requires: " + role + ".";
    description = (description.isBlank() ? "" : description + "\n\n") + access;
    if (!description.isBlank()) {
      o.put("description", description);
    }

    ArrayNode parameters = JSON.arrayNode();
    for (Parameter p : m.getParameters()) {
      ObjectNode param = parameter(p, op.path());
      if (param != null) {
        parameters.add(param);
      }
    }
    if (idempotent(op)) {
      ObjectNode key =
          parameters
              .addObject()
              .put("name", IDEMPOTENCY_KEY)
              .put("in", "header")
              .put(
                  "description",
                  "Makes a retry safe: the same key with the same body within 24 hours answers the"
                      + " first response again (with Idempotent-Replayed: true) and does nothing"
                      + " twice");
      key.set("schema", JsonSchemas.typed("string").put("minLength", 1).put("maxLength", 255));
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
    responses
        .properties()
        .forEach(
            e -> {
              if (e.getKey().startsWith("2") || "429".equals(e.getKey())) {
                RATE_LIMIT_HEADERS.forEach(
                    h -> headers((ObjectNode) e.getValue()).set(h, headerRef(h)));
              }
              if (idempotent(op) && e.getKey().startsWith("2")) {
                headers((ObjectNode) e.getValue()).set(REPLAYED, headerRef(REPLAYED));
              }
              if ("429".equals(e.getKey()) || "503".equals(e.getKey())) {
                headers((ObjectNode) e.getValue()).set(RETRY_AFTER, headerRef(RETRY_AFTER));
              }
            });
    if (isPublic) {
      o.putArray("security"); // none needed
    }
    return o;
  }

  private ObjectNode parameter(Parameter p, String path) {
    String in;
    String name;
    if (p.getAnnotation(PathParam.class) instanceof PathParam a) {
      in = "path";
      name = a.value();
    } else if (p.getAnnotation(QueryParam.class) instanceof QueryParam a) {
      in = "query";
      name = a.value();
    } else if (p.getAnnotation(HeaderParam.class) instanceof HeaderParam a) {
      if (IGNORED_HEADERS.contains(a.value().toLowerCase(java.util.Locale.ROOT))) {
        return null; // described by the operation's media types and security instead
      }
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
    if (!param.has("description")) {
      Known known = KNOWN.get(in + " " + name);
      if (known != null) {
        param.put("description", known.description());
        schema = known.schema().deepCopy();
      } else if ("path".equals(in)) {
        param.put("description", pathParameter(path, name));
      }
    }
    param.set("schema", schema);
    return param;
  }

  /** Headers OpenAPI describes otherwise (and tells tools to ignore as parameters). */
  private static final Set<String> IGNORED_HEADERS =
      Set.of("accept", "content-type", "authorization");

  /** A parameter many operations share, described once. */
  private record Known(String description, ObjectNode schema) {}

  private static final Map<String, Known> KNOWN =
      Map.of(
          "query limit",
          new Known(
              "How many items to return, 1 to 500",
              JsonSchemas.typed("integer")
                  .put("format", "int32")
                  .put("minimum", 1)
                  .put("maximum", 500)
                  .put("default", 50)),
          "query offset",
          new Known(
              "How many items to skip",
              JsonSchemas.typed("integer")
                  .put("format", "int32")
                  .put("minimum", 0)
                  .put("default", 0)),
          "query q",
          new Known("Search text, matched case-insensitively", JsonSchemas.typed("string")),
          "header If-None-Match",
          new Known(
              "An ETag the client holds: a read answers 304 while it still matches; `*` on a write"
                  + " creates only (412 when the file exists)",
              JsonSchemas.typed("string")),
          "header If-Match",
          new Known(
              "An ETag the client holds: the write is refused with 412 when the file changed"
                  + " since",
              JsonSchemas.typed("string")),
          "header Last-Event-ID",
          new Known(
              "Resume the stream after this event id (sent by EventSource on reconnect)",
              JsonSchemas.typed("string")),
          "header Origin",
          new Known(
              "The calling page's origin, checked against the allowed origins",
              JsonSchemas.typed("string")));

  /**
   * A path parameter's description from its path: {@code /projects/{id}} is the project's id,
   * {@code /kanban/{project_id}} the project's id, {@code /agents/{name}} the agent's name.
   */
  static String pathParameter(String path, String name) {
    if (name.endsWith("_id")) {
      return "The " + name.substring(0, name.length() - 3).replace('_', ' ') + "'s id";
    }
    String owner = null;
    for (String segment : path.split("/")) {
      if (segment.equals("{" + name + "}")) {
        break;
      }
      if (!segment.isEmpty() && !segment.startsWith("{")) {
        owner = segment;
      }
    }
    String what = name.replace('_', ' ');
    return owner == null
        ? "The " + what
        : "The " + singular(owner).replace('-', ' ') + "'s " + what;
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
        ObjectNode value = JsonSchemas.typed("string");
        var doc =
            p.getAnnotation(
                org.eclipse.microprofile.openapi.annotations.parameters.Parameter.class);
        if (doc != null && !doc.description().isBlank()) {
          value.put("description", doc.description());
        }
        fields.set(field.value(), value);
        required.add(field.value());
      } else if (isEntity(p)) {
        entity = p.getParameterizedType();
      }
    }
    if (!fields.isEmpty()) {
      // a component of its own, named for the method (loginForm: LoginForm), as generators name
      // the models they make of it
      form.put("description", "The form fields of " + m.getName());
      form.set("properties", fields);
      form.set("required", required);
      String name = Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1);
      name = name.endsWith("Form") ? name : name + "Form";
      schemas.add(name, form);
      return JsonSchemas.ref(name);
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
    for (APIResponse r : declared) {
      boolean error = r.responseCode().matches("[45].*");
      ObjectNode response = responses.putObject(r.responseCode());
      response.put("description", r.description().isBlank() ? "Success" : r.description());
      for (Header h : r.headers()) {
        ObjectNode header = headers(response).putObject(h.name());
        if (!h.description().isBlank()) {
          header.put("description", h.description());
        }
        Schema s = h.schema();
        header.set(
            "schema",
            JsonSchemas.describe(
                JsonSchemas.typed(
                    s.type()
                            == org.eclipse.microprofile.openapi.annotations.enums.SchemaType.DEFAULT
                        ? "string"
                        : s.type().name().toLowerCase(java.util.Locale.ROOT)),
                s));
      }
      if (r.content().length > 0) {
        declared(r.content(), response.putObject("content"), true);
        if (response.get("content").isEmpty()) {
          response.remove("content");
        }
      }
      if (!response.has("content") && error) {
        // a declared error is a problem, like the pipeline's own
        response
            .putObject("content")
            .putObject("application/problem+json")
            .set("schema", JsonSchemas.ref(PROBLEM));
      }
    }
    if (Arrays.stream(declared).anyMatch(r -> r.responseCode().startsWith("2"))) {
      return; // else the success is the return type's, and the declared ones are errors
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
    if (idempotent(op)) {
      problem(responses, "400", "Malformed request or Idempotency-Key");
      String inFlight = "A request with the same Idempotency-Key is still in progress";
      if (responses.has("409")) {
        ObjectNode conflict = (ObjectNode) responses.get("409");
        conflict.put("description", conflict.get("description").asText() + "; or: " + inFlight);
      }
      problem(responses, "409", inFlight);
      problem(
          responses,
          "422",
          "Idempotency-Key already used with another body, or validation failed; see errors");
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

  // --- response headers

  private static final String RETRY_AFTER = "Retry-After";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String REPLAYED = "Idempotent-Replayed";

  /** What every answer of the rate-limited API carries (docs/api-conventions.md). */
  private static final List<String> RATE_LIMIT_HEADERS =
      List.of(
          "RateLimit-Policy",
          "RateLimit",
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining",
          "X-RateLimit-Reset");

  /**
   * Whether the operation takes an {@code Idempotency-Key} (every POST but those marked not to).
   */
  private static boolean idempotent(Op op) {
    return "POST".equals(op.verb())
        && op.variants().stream().noneMatch(m -> m.isAnnotationPresent(NotIdempotent.class));
  }

  private static ObjectNode headers(ObjectNode response) {
    return response.has("headers")
        ? (ObjectNode) response.get("headers")
        : response.putObject("headers");
  }

  private static ObjectNode headerRef(String name) {
    return JSON.objectNode().put("$ref", "#/components/headers/" + name);
  }

  private static ObjectNode headerComponents() {
    ObjectNode h = JSON.objectNode();
    header(h, "RateLimit-Policy", "string", "The caller's quota: `<limit>;w=<window seconds>`");
    header(
        h,
        "RateLimit",
        "string",
        "What is left of the quota: `limit=<n>, remaining=<n>, reset=<seconds>`");
    header(h, "X-RateLimit-Limit", "integer", "Requests allowed in the window");
    header(h, "X-RateLimit-Remaining", "integer", "Requests left in the window");
    header(h, "X-RateLimit-Reset", "integer", "Seconds until the window resets");
    header(h, RETRY_AFTER, "integer", "Seconds to wait before trying again");
    header(
        h,
        REPLAYED,
        "boolean",
        "`true` when this is the first response again, for a retry with the same Idempotency-Key");
    return h;
  }

  private static void header(ObjectNode headers, String name, String type, String description) {
    ObjectNode h = headers.putObject(name).put("description", description);
    h.set("schema", JsonSchemas.typed(type));
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

  /**
   * An operation's id when its {@code @Operation} names none, in {@code verbNoun} form: a method
   * named so already ({@code addMember}) keeps its name; one named by its verb alone ({@code list},
   * {@code create}, {@code get}, {@code update}, {@code delete}, {@code put}, {@code cancel}) gets
   * the noun of its path, plural when it lists ({@code listProjects}, {@code createProject}, {@code
   * cancelRun}). Other methods name their operation in {@code @Operation(operationId = ...)}.
   */
  static String operationId(Op op, Method m) {
    String name = m.getName();
    if (!VERB_ONLY.contains(name)) {
      return name;
    }
    List<String> literals = new ArrayList<>();
    for (String segment : op.path().split("/")) {
      if (!segment.isEmpty() && !segment.startsWith("{")) {
        literals.add(segment);
      }
    }
    if (!literals.isEmpty() && literals.get(literals.size() - 1).equals(name)) {
      literals.remove(
          literals.size() - 1); // an action on what the path names: POST /runs/{id}/cancel
    }
    String noun = literals.isEmpty() ? "" : pascal(literals.get(literals.size() - 1));
    return name + ("list".equals(name) ? noun : singular(noun));
  }

  private static final Set<String> VERB_ONLY =
      Set.of("list", "create", "get", "update", "delete", "put", "replace", "cancel");

  /** {@code api-keys}, {@code model_providers}, {@code kanban} as {@code ApiKeys}, ... */
  static String pascal(String words) {
    StringBuilder b = new StringBuilder();
    for (String w : words.split("[-_.\\s]+")) {
      if (!w.isEmpty()) {
        b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
    }
    return b.toString();
  }

  private static String singular(String noun) {
    if (noun.endsWith("ies")) {
      return noun.substring(0, noun.length() - 3) + "y";
    }
    if (noun.endsWith("s") && !noun.endsWith("ss")) {
      return noun.substring(0, noun.length() - 1);
    }
    return noun;
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
    p.set(
        "type",
        JsonSchemas.typed("string")
            .put("format", "uri")
            .put("description", "A URI naming the kind of problem"));
    p.set(
        "title",
        JsonSchemas.typed("string").put("description", "A short summary of the kind of problem"));
    p.set(
        "status",
        JsonSchemas.typed("integer")
            .put("format", "int32")
            .put("description", "The HTTP status of the answer"));
    p.set(
        "detail",
        JsonSchemas.typed("string").put("description", "What went wrong with this request"));
    p.set(
        "code",
        JsonSchemas.typed("string")
            .put("description", "A stable, machine-readable code (docs/api-conventions.md)"));
    ObjectNode instance =
        JsonSchemas.typed("string").put("description", "The request path the problem is about");
    JsonSchemas.nullable(instance);
    p.set("instance", instance);
    ObjectNode errors =
        JsonSchemas.typed("array")
            .put("description", "The fields that were refused (422), in the order checked");
    errors.set("items", JsonSchemas.ref(FIELD_ERROR));
    p.set("errors", errors);
    s.putArray("required").add("type").add("title").add("status").add("code").add("errors");
    return s;
  }

  private static ObjectNode fieldErrorSchema() {
    ObjectNode error = JsonSchemas.typed("object");
    error.put("description", "One refused field of a request");
    ObjectNode ep = error.putObject("properties");
    ep.set(
        "field",
        JsonSchemas.typed("string")
            .put("description", "The field's JSON name (a path for nested fields)"));
    ep.set("message", JsonSchemas.typed("string").put("description", "Why the value was refused"));
    error.putArray("required").add("field").add("message");
    return error;
  }
}
