package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertNoLeak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Problems;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API's own documentation (OpenAPI, Swagger UI, ReDoc), health checks and public config. */
@ExtendWith(AtelierServer.class)
class DocsIT {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  /** The operations anyone may call without a credential. */
  private static final Set<String> PUBLIC =
      Set.of(
          "POST /api/v1/auth/register",
          "POST /api/v1/auth/login",
          "POST /api/v1/auth/refresh",
          "POST /api/v1/auth/verify",
          "POST /api/v1/auth/forgot-password",
          "POST /api/v1/auth/reset-password",
          "POST /api/v1/auth/2fa/verify",
          "POST /api/v1/auth/2fa/resend",
          "GET /api/v1/auth/providers",
          "GET /api/v1/auth/{provider}/authorize",
          "GET /api/v1/auth/{provider}/callback",
          "POST /api/v1/auth/exchange",
          "GET /api/v1/invitations/{token}",
          "GET /api/v1/.well-known/jwks.json",
          "GET /api/v1/config",
          "POST /api/v1/webhooks/{plugin}/{name}",
          // a git host's push webhook: the signature with the link's secret is the credential
          "POST /api/v1/webhooks/git-{provider}/events",
          // a plugin's @PublicRoute: where Slack's OAuth consent sends the admin's browser back
          "GET /api/v1/slack-apps/{app_id}/oauth/callback",
          // where a git host's OAuth consent sends the browser back (the state names the user)
          "GET /api/v1/git-providers/{provider}/callback",
          // where a deployment provider's OAuth consent sends the browser back (the state names
          // the workspace)
          "GET /api/v1/deployment-oauth/{provider}/callback",
          "GET /api/v1/billing/plans",
          // the marketplace's browsing, public while ATELIER_PLUGIN_MARKETPLACE_ANONYMOUS_BROWSE
          // ({kind} is agents or bases)
          "GET /api/v1/marketplace/{kind}",
          "GET /api/v1/marketplace/{kind}/{id}",
          "GET /api/v1/marketplace/{kind}/{id}/reviews",
          "GET /api/v1/marketplace/{kind}/{id}/versions",
          "GET /api/v1/marketplace/bases/browse");

  /**
   * Operations whose body is the sender's own payload (a Stripe or GitHub webhook), handed to a
   * plugin unread: they name the media types they take, but no schema of ours.
   */
  private static final Set<String> OPAQUE_BODIES =
      Set.of(
          "POST /api/v1/webhooks/{plugin}/{name}", "POST /api/v1/webhooks/git-{provider}/events");

  private static JsonNode document() {
    Api.Res res = Api.anonymous().get("/openapi.json", "application/json", true);
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.header("Content-Type").startsWith("application/json"), res.headers().toString());
    return res.json();
  }

  private static JsonNode resolve(JsonNode doc, JsonNode schema) {
    String ref = schema.path("$ref").asText(null);
    if (ref == null) {
      return schema;
    }
    assertTrue(ref.startsWith("#/components/schemas/"), ref);
    JsonNode target = doc.path("components").path("schemas").path(ref.substring(21));
    assertFalse(target.isMissingNode(), "dangling reference " + ref);
    return target;
  }

  private static Set<String> names(Iterator<String> it) {
    Set<String> s = new TreeSet<>();
    it.forEachRemaining(s::add);
    return s;
  }

  @Test
  void openapiIsServed() {
    Api.Res yaml = Api.anonymous().get("/openapi", "*/*", false);
    assertEquals(200, yaml.status(), yaml.toString());
    assertTrue(yaml.text().startsWith("openapi: 3."), yaml.text().substring(0, 40));
    assertTrue(yaml.text().contains("/api/v1/projects"));

    Api.Res json = Api.anonymous().get("/openapi?format=JSON", "application/json", false);
    assertEquals(200, json.status());
    assertTrue(json.json().path("openapi").asText().startsWith("3."), json.text());

    // /openapi.json answers the document itself, without a redirect, whatever the client accepts
    for (String accept : List.of("application/json", "*/*")) {
      Api.Res direct = Api.anonymous().get("/openapi.json", accept, false);
      assertEquals(200, direct.status(), accept + ": " + direct);
      assertTrue(
          direct.header("Content-Type").startsWith("application/json"),
          direct.headers().toString());
      assertTrue(direct.json().path("openapi").asText().startsWith("3.1"), accept);
    }
  }

  @Test
  void openapiJsonDescribesTheApi() {
    JsonNode doc = document();
    assertTrue(
        doc.path("openapi").asText().matches("3\\.\\d+\\.\\d+"), doc.path("openapi").toString());
    assertEquals("Atelier API", doc.path("info").path("title").asText());
    assertFalse(doc.path("info").path("version").asText().isBlank());
    JsonNode paths = doc.path("paths");
    for (String path :
        List.of(
            "/api/v1/auth/register",
            "/api/v1/auth/login",
            "/api/v1/auth/refresh",
            "/api/v1/auth/logout",
            "/api/v1/auth/switch-tenant",
            "/api/v1/.well-known/jwks.json",
            "/api/v1/users/me",
            "/api/v1/api-keys",
            "/api/v1/api-keys/{id}",
            "/api/v1/tenants",
            "/api/v1/tenants/current",
            "/api/v1/tenants/current/members",
            "/api/v1/tenants/current/invitations",
            "/api/v1/invitations/{token}",
            "/api/v1/projects",
            "/api/v1/projects/{id}",
            "/api/v1/projects/{id}/secrets",
            "/api/v1/projects/{id}/secrets/{key}",
            "/api/v1/audit-events",
            "/api/v1/automations",
            "/api/v1/automations/{id}",
            "/api/v1/admin/users",
            "/api/v1/admin/tenants",
            "/api/v1/config")) {
      assertTrue(paths.has(path), "missing " + path + " in " + names(paths.fieldNames()));
    }
    assertTrue(paths.path("/api/v1/projects").has("get"));
    assertTrue(paths.path("/api/v1/projects").has("post"));
    assertTrue(paths.path("/api/v1/projects/{id}").has("patch"));
    assertTrue(paths.path("/api/v1/projects/{id}").has("delete"));
    // the documentation's own pages are not API operations
    assertFalse(paths.has("/docs"), names(paths.fieldNames()).toString());
    assertFalse(paths.has("/openapi.json"));
    // every operation is summarised, and its id is unique (as OpenAPI requires)
    Set<String> operationIds = new TreeSet<>();
    for (JsonNode item : paths) {
      for (String method : names(item.fieldNames())) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonNode op = item.path(method);
        assertFalse(op.path("summary").asText().isBlank(), op.toString());
        assertTrue(
            op.path("operationId").asText().matches("[a-z]+(?:[A-Z][a-z0-9]*)+"),
            "operationId " + op.path("operationId") + " is not verbNoun");
        for (JsonNode parameter : op.path("parameters")) {
          assertFalse(
              parameter.path("description").asText().isBlank(),
              op.path("operationId").asText() + " " + parameter);
        }
        String operationId = op.path("operationId").asText(null);
        if (operationId != null) {
          assertTrue(
              operationIds.add(operationId), "operationId " + operationId + " is not unique");
        }
      }
    }
    assertNoLeak(Api.anonymous().get("/openapi.json", "application/json", true));
  }

  @Test
  void everyProtectedOperationDeclaresItsSecurityAndErrors() {
    JsonNode doc = document();
    JsonNode schemes = doc.path("components").path("securitySchemes");
    assertFalse(schemes.isEmpty(), "no security schemes");
    JsonNode problem = doc.path("components").path("schemas").path("Problem");
    assertEquals(
        Set.of("type", "title", "status", "detail", "code", "instance", "errors"),
        names(problem.path("properties").fieldNames()));
    assertEquals("array", problem.path("properties").path("errors").path("type").asText());

    Set<String> seenPublic = new TreeSet<>();
    int operations = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (String method : names(path.getValue().fieldNames())) {
        if (!METHODS.contains(method)) {
          continue;
        }
        operations++;
        String id = method.toUpperCase() + " " + path.getKey();
        JsonNode op = path.getValue().path(method);
        JsonNode responses = op.path("responses");
        JsonNode security = op.has("security") ? op.path("security") : doc.path("security");
        if (PUBLIC.contains(id)) {
          seenPublic.add(id);
          assertTrue(
              security.isMissingNode() || security.isEmpty(), id + " is public: " + security);
        } else {
          assertTrue(security.isArray() && !security.isEmpty(), id + " has no security");
          for (JsonNode requirement : security) {
            requirement
                .fieldNames()
                .forEachRemaining(
                    name -> assertTrue(schemes.has(name), id + " uses unknown scheme " + name));
          }
          for (String status : List.of("401", "403")) {
            assertProblemResponse(doc, id, responses, status);
          }
        }
        assertProblemResponse(doc, id, responses, "429");
        if (op.has("requestBody")) {
          for (String status : List.of("400", "413", "415", "422")) {
            assertProblemResponse(doc, id, responses, status);
          }
        }
        if (path.getKey().contains("{")) {
          assertProblemResponse(doc, id, responses, "404");
        }
      }
    }
    assertEquals(PUBLIC, seenPublic);
    assertTrue(operations >= 30, "only " + operations + " operations");
  }

  private static void assertProblemResponse(
      JsonNode doc, String id, JsonNode responses, String status) {
    JsonNode response = responses.path(status);
    assertFalse(response.isMissingNode(), id + " does not document " + status);
    JsonNode schema = response.path("content").path("application/problem+json").path("schema");
    assertEquals("#/components/schemas/Problem", schema.path("$ref").asText(), id + " " + status);
    resolve(doc, schema);
  }

  /**
   * What the document says about security is what the server does: an anonymous call to a protected
   * operation is refused with 401, one to a public operation is not.
   */
  @Test
  void theDocumentedSecurityIsEnforced() {
    JsonNode doc = document();
    Api anon = Api.anonymous();
    List<String> mismatches = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      String concrete = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
      for (String method : names(path.getValue().fieldNames())) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonNode op = path.getValue().path(method);
        // an operation's own security, or the document's when it has none (OpenAPI 3)
        JsonNode security = op.has("security") ? op.path("security") : doc.path("security");
        boolean secured = security.isArray() && !security.isEmpty();
        String verb = method.toUpperCase();
        Api.Res res =
            op.has("requestBody")
                ? anon.send(verb, concrete, "{}", "application/json")
                : anon.send(verb, concrete, null, null);
        if (secured ? res.status() != 401 : res.status() == 401 || res.status() >= 500) {
          mismatches.add(verb + " " + path.getKey() + " -> " + res.status());
        }
        if (secured) {
          Problems.assertProblem(res, 401, "unauthorized");
        }
      }
    }
    assertTrue(mismatches.isEmpty(), mismatches.toString());
  }

  @Test
  void requestBodiesAreDescribedWithTheirSchemas() {
    JsonNode doc = document();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (String method : names(path.getValue().fieldNames())) {
        JsonNode body = path.getValue().path(method).path("requestBody");
        if (!METHODS.contains(method) || body.isMissingNode()) {
          continue;
        }
        String id = method.toUpperCase() + " " + path.getKey();
        JsonNode content = body.path("content");
        assertFalse(content.has("*/*"), id + " does not say what it consumes: " + content);
        if (OPAQUE_BODIES.contains(id)) {
          assertTrue(content.has("application/json"), id + ": " + content);
          continue;
        }
        JsonNode json = content.path("application/json").path("schema");
        assertFalse(json.isMissingNode(), id + " takes no JSON: " + content);
        JsonNode schema = resolve(doc, json);
        assertEquals("object", schema.path("type").asText(), id + ": " + schema);
        assertFalse(schema.path("properties").isEmpty(), id + ": " + schema);
      }
    }
    JsonNode login =
        doc.path("paths")
            .path("/api/v1/auth/login")
            .path("post")
            .path("requestBody")
            .path("content");
    JsonNode json = resolve(doc, login.path("application/json").path("schema"));
    assertTrue(json.path("properties").has("email"), json.toString());
    assertTrue(json.path("properties").has("password"), json.toString());
    JsonNode form = resolve(doc, login.path("application/x-www-form-urlencoded").path("schema"));
    assertTrue(form.path("properties").has("username"), login.toString());
    assertTrue(form.path("properties").has("password"), login.toString());

    JsonNode register =
        resolve(
            doc,
            doc.path("paths")
                .path("/api/v1/auth/register")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
    assertEquals(
        Set.of("email", "password", "name", "invitation_token"),
        names(register.path("properties").fieldNames()));
  }

  /** The documented response schemas name the members the server actually sends. */
  @Test
  void responseSchemasMatchWhatTheServerSends() {
    JsonNode doc = document();
    Session s = Accounts.newUser("docs-schema");

    Api.Res config = Api.anonymous().get("/api/v1/config");
    assertWireMatches(doc, "GET /api/v1/config", "get", "/api/v1/config", config.json());

    Api.Res created = s.api().post("/api/v1/projects", Map.of("name", "Documented"));
    assertEquals(201, created.status(), created.toString());
    String projectId = created.json().path("id").asText();
    Api.Res project = s.api().get("/api/v1/projects/" + projectId);
    assertWireMatches(
        doc, "GET /api/v1/projects/{id}", "get", "/api/v1/projects/{id}", project.json());

    Api.Res page = s.api().get("/api/v1/projects");
    assertWireMatches(doc, "GET /api/v1/projects", "get", "/api/v1/projects", page.json());

    Api.Res tokens =
        Api.anonymous()
            .post("/api/v1/auth/login", Map.of("email", s.email(), "password", Accounts.PASSWORD));
    assertEquals(200, tokens.status(), tokens.toString());
    assertWireMatches(doc, "POST /api/v1/auth/login", "post", "/api/v1/auth/login", tokens.json());

    // timestamps are RFC 3339 strings on the wire, and so in the document
    JsonNode view = schemaOf(doc, "get", "/api/v1/projects/{id}");
    for (String field : List.of("created_at", "updated_at")) {
      assertTrue(project.json().path(field).isTextual(), project.toString());
      JsonNode property = resolve(doc, view.path("properties").path(field));
      assertEquals("string", property.path("type").asText(), field + ": " + property);
      assertEquals("date-time", property.path("format").asText(), field + ": " + property);
    }
  }

  /**
   * Operations document the status they really answer (201 with Location, 202, 204 without content)
   * and the headers the server sends with it.
   */
  @Test
  void successStatusesAndHeadersAreWhatTheServerSends() {
    JsonNode doc = document();
    JsonNode paths = doc.path("paths");
    JsonNode create = paths.path("/api/v1/projects").path("post").path("responses");
    assertTrue(create.path("201").path("headers").has("Location"), create.toString());
    assertFalse(create.has("200"), create.toString());
    JsonNode start = paths.path("/api/v1/runs").path("post").path("responses");
    assertTrue(start.path("202").path("headers").has("Location"), start.toString());
    JsonNode delete = paths.path("/api/v1/projects/{id}").path("delete").path("responses");
    assertTrue(delete.has("204"), delete.toString());
    assertFalse(delete.path("204").has("content"), delete.toString());
    for (JsonNode item : paths) {
      for (String method : names(item.fieldNames())) {
        JsonNode responses = item.path(method).path("responses");
        for (String status : names(responses.fieldNames())) {
          JsonNode headers = responses.path(status).path("headers");
          String where = item.path(method).path("operationId").asText() + " " + status;
          if (status.startsWith("2")) {
            assertTrue(headers.has("RateLimit"), where);
          }
          if (status.equals("429") || status.equals("503")) {
            assertTrue(headers.has("Retry-After"), where);
          }
        }
      }
    }

    Session s = Accounts.newUser("docs-status");
    Api.Res created = s.api().post("/api/v1/projects", Map.of("name", "Located"));
    assertEquals(201, created.status(), created.toString());
    String id = created.json().path("id").asText();
    assertTrue(
        created.header("Location").endsWith("/api/v1/projects/" + id),
        created.headers().toString());
    assertNotNull(created.header("RateLimit"), created.headers().toString());
    Api.Res deleted = s.api().delete("/api/v1/projects/" + id);
    assertEquals(204, deleted.status(), deleted.toString());
    assertTrue(deleted.text().isEmpty(), deleted.text());
  }

  private static JsonNode schemaOf(JsonNode doc, String method, String path) {
    JsonNode responses = doc.path("paths").path(path).path(method).path("responses");
    for (String status : List.of("200", "201", "default")) {
      JsonNode schema =
          responses.path(status).path("content").path("application/json").path("schema");
      if (!schema.isMissingNode()) {
        return resolve(doc, schema);
      }
    }
    throw new AssertionError("no success schema for " + method + " " + path + ": " + responses);
  }

  private static void assertWireMatches(
      JsonNode doc, String id, String method, String path, JsonNode wire) {
    JsonNode schema = schemaOf(doc, method, path);
    Set<String> documented = names(schema.path("properties").fieldNames());
    Set<String> sent = names(wire.fieldNames());
    assertEquals(sent, documented, id + ": documented " + schema + " but sent " + wire);
  }

  private static List<String> references(String html) {
    List<String> refs = new ArrayList<>();
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      refs.add(m.group(1));
    }
    return refs;
  }

  private static String absolute(String page, String ref) {
    if (ref.startsWith("/")) {
      return ref;
    }
    assertFalse(ref.startsWith("http"), "the docs must work offline, without a CDN: " + ref);
    return page.substring(0, page.lastIndexOf('/') + 1) + ref;
  }

  private static void assertPageLoads(String page, Pattern specReference) {
    Api anon = Api.anonymous();
    Api.Res html = anon.get(page, "text/html", true);
    assertEquals(200, html.status(), html.toString());
    assertTrue(html.header("Content-Type").startsWith("text/html"), html.headers().toString());
    assertTrue(html.text().toLowerCase().contains("<html"), html.text());
    List<String> refs = references(html.text());
    assertTrue(refs.stream().anyMatch(r -> r.endsWith(".js")), "no script in " + html.text());
    Set<String> assets = new LinkedHashSet<>();
    for (String ref : refs) {
      assets.add(absolute(page, ref));
    }
    for (String asset : assets) {
      Api.Res res = anon.get(asset, "*/*", true);
      assertEquals(200, res.status(), asset + ": " + res.status());
      assertFalse(res.text().isEmpty(), asset + " is empty");
      String type = res.header("Content-Type");
      if (asset.endsWith(".js")) {
        assertTrue(type.contains("javascript"), asset + ": " + type);
        if (!asset.endsWith("/atelier-docs.js")) { // the page's own start-up script is short
          assertTrue(res.text().length() > 10_000, asset + " looks truncated");
        }
      } else if (asset.endsWith(".css")) {
        assertTrue(type.startsWith("text/css"), asset + ": " + type);
      }
    }
    Matcher spec = specReference.matcher(html.text());
    assertTrue(spec.find(), "the page does not name its document: " + html.text());
    Api.Res document = anon.get(absolute(page, spec.group(1)), "application/json", true);
    assertEquals(200, document.status(), spec.group(1) + ": " + document.status());
    assertTrue(document.json().path("paths").has("/api/v1/projects"));
  }

  @Test
  void swaggerUiLoadsWithItsAssets() {
    assertPageLoads("/docs", Pattern.compile("data-spec-url=\"([^\"]+)\""));
    Api.Res unknown = Api.anonymous().get("/docs/assets/not-there.js", "*/*", false);
    assertEquals(404, unknown.status());
  }

  @Test
  void redocLoadsWithItsScript() {
    assertPageLoads("/redoc", Pattern.compile("spec-url=\"([^\"]+)\""));
  }

  @Test
  void healthChecksAreUp() {
    for (String path : List.of("/health", "/health/live", "/health/ready")) {
      Api.Res res = Api.anonymous().get(path);
      assertEquals(200, res.status(), path + ": " + res);
      assertEquals("UP", res.json().path("status").asText(), path + ": " + res);
      assertTrue(res.json().path("checks").isArray(), res.toString());
      assertFalse(res.json().path("checks").isEmpty(), res.toString());
      for (JsonNode check : res.json().path("checks")) {
        assertEquals("UP", check.path("status").asText(), check.toString());
      }
      assertNoLeak(res);
    }
    JsonNode ready = Api.anonymous().get("/health/ready").json();
    boolean database = false;
    for (JsonNode check : ready.path("checks")) {
      database |= "database".equals(check.path("name").asText());
    }
    assertTrue(database, "readiness must include the database: " + ready);
  }

  @Test
  void configIsPublic() {
    Api.Res res = Api.anonymous().get("/api/v1/config");
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.header("Content-Type").startsWith("application/json"));
    JsonNode config = res.json();
    assertTrue(config.path("version").isTextual(), config.toString());
    assertTrue(config.path("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), config.toString());
    assertTrue(config.path("auth_methods").isArray(), config.toString());
    Set<String> methods = new TreeSet<>();
    config.path("auth_methods").forEach(m -> methods.add(m.asText()));
    assertTrue(methods.contains("password"), methods.toString());
    assertTrue(methods.contains("api_key"), methods.toString());
    assertTrue(config.path("registration_enabled").isBoolean(), config.toString());
    assertTrue(config.path("registration_enabled").asBoolean(), "the test server allows it");
    assertNotNull(res.header("X-RateLimit-Limit"), "public endpoints are limited too");
    // nothing secret, nothing about the internals
    String text = res.text().toLowerCase();
    for (String word : List.of("password\":", "secret", "jdbc", "key\":", "h2", "postgres")) {
      assertFalse(text.contains(word), word + " in " + res.text());
    }
    // the same with a credential
    Session s = Accounts.newUser("docs-config");
    Api.Res signedIn = s.api().get("/api/v1/config");
    assertEquals(200, signedIn.status());
    assertEquals(config.path("version"), signedIn.json().path("version"));
  }
}
