package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a black-box pass over the server found, each now answered as it should be: bodies nested too
 * deep, paths that are not Unicode, container errors, values of the wrong JSON type, secrets in
 * caches, missing security headers, OPTIONS describing the whole application, blank passwords.
 */
@ExtendWith(AtelierServer.class)
class HardeningIT {

  /** JSON nested {@code depth} arrays deep, in an object's member {@code name}. */
  private static String nested(String name, int depth) {
    return "{\"" + name + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  @Test
  void bodiesNestedDeeperThanTheParserReadsAreMalformed() {
    Session s = Accounts.newUser("deep");
    Api anon = Api.anonymous();
    for (String path :
        List.of(
            "/api/v1/auth/register",
            "/api/v1/auth/login",
            "/api/v1/auth/refresh",
            "/api/v1/webhooks/kanban/anything")) {
      assertProblem(anon.post(path, nested("email", 5000)), 400, "malformed_json");
    }
    long before = s.api().get("/api/v1/projects").json().path("total").asLong();
    assertProblem(s.api().post("/api/v1/projects", nested("name", 1001)), 400, "malformed_json");
    assertProblem(s.api().post("/api/v1/projects", nested("name", 20000)), 400, "malformed_json");
    assertEquals(before, s.api().get("/api/v1/projects").json().path("total").asLong());
  }

  @Test
  void aPathWithALoneSurrogateIsAnInvalidPath() {
    Session s = Accounts.newUser("surrogate");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Paths")).json().path("id").asText();
    String files = "/api/v1/projects/" + project + "/files";
    assertEquals(201, s.api().put(files + "/ok.txt", Map.of("content", "x")).status());
    for (String bad : List.of("a\\ud800b", "\\udc00", "dir/\\ud83d")) {
      JsonNode p =
          assertProblem(
              s.api().post(files + "/directory", "{\"path\":\"" + bad + "\"}"),
              422,
              "invalid_path");
      assertEquals("path", p.path("errors").get(0).path("field").asText(), p.toString());
      assertProblem(
          s.api().post(files + "/rename", "{\"from\":\"ok.txt\",\"to\":\"" + bad + "\"}"),
          422,
          "invalid_path");
      assertProblem(
          s.api().post(files + "/rename", "{\"from\":\"" + bad + "\",\"to\":\"x.txt\"}"),
          422,
          "invalid_path");
    }
    // an MCP client (or an agent) gets a clean tool error, not the server's exception text
    Mcp mcp = Mcp.connect(s.api());
    Api.Res called =
        mcp.send(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"write_file\",\"arguments\":{\"project_id\":\""
                + project
                + "\",\"path\":\"x\\ud800\",\"content\":\"y\"}}}");
    assertEquals(200, called.status(), called.toString());
    JsonNode result = called.json().path("result");
    assertTrue(result.path("isError").asBoolean(), called.toString());
    assertFalse(result.toString().contains("Exception"), result.toString());
    assertTrue(result.toString().contains("valid Unicode"), result.toString());
  }

  @Test
  void valuesOfTheWrongJsonTypeAreFieldErrors() {
    Session s = Accounts.newUser("types");
    long before = s.api().get("/api/v1/projects").json().path("total").asLong();
    for (String body :
        List.of(
            "{\"name\": 123}",
            "{\"name\": true}",
            "{\"name\": [\"a\"]}",
            "{\"name\": {\"x\": 1}}")) {
      JsonNode p = assertProblem(s.api().post("/api/v1/projects", body), 422, "validation_error");
      assertEquals("name", p.path("errors").get(0).path("field").asText(), p.toString());
      assertEquals("must be a string", p.path("errors").get(0).path("message").asText());
    }
    JsonNode two =
        assertProblem(
            s.api().post("/api/v1/projects", "{\"name\": 1, \"description\": false}"),
            422,
            "validation_error");
    assertEquals(2, two.path("errors").size(), two.toString());
    assertEquals(before, s.api().get("/api/v1/projects").json().path("total").asLong());
    // a whole number, not a string or a fraction; a boolean, not a string
    Session root = Accounts.superuser();
    String limits = "/api/v1/admin/tenants/" + s.tenantId();
    for (String body :
        List.of(
            "{\"rate_limit_per_minute\": \"30\"}",
            "{\"rate_limit_per_minute\": 30.5}",
            "{\"rate_limit_per_minute\": 3000000000}")) {
      JsonNode p = assertProblem(root.api().patch(limits, body), 422, "validation_error");
      assertEquals(
          "rate_limit_per_minute", p.path("errors").get(0).path("field").asText(), p.toString());
    }
    assertEquals(200, root.api().patch(limits, "{\"rate_limit_per_minute\": 30}").status());
    assertProblem(
        s.api().put("/api/v1/tenants/current/features/kanban", "{\"enabled\": \"true\"}"),
        422,
        "validation_error");
    // a body that is not the object the operation takes stays malformed
    assertProblem(s.api().post("/api/v1/projects", "[1, 2]"), 400, "malformed_json");
    assertProblem(s.api().post("/api/v1/projects", "\"name\""), 400, "malformed_json");
  }

  @Test
  void responsesWithTokensKeysOrSecretsAreNeverStored() {
    Api anon = Api.anonymous();
    String email = Accounts.uniqueEmail("nostore");
    anon.post(
        "/api/v1/auth/register",
        Map.of("email", email, "password", Accounts.PASSWORD, "name", "N"));
    Api.Res login =
        anon.post("/api/v1/auth/login", Map.of("email", email, "password", Accounts.PASSWORD));
    assertEquals("no-store", login.header("Cache-Control"), login.toString());
    Session s = Accounts.login(anon, email, Accounts.PASSWORD);
    Api.Res refresh = anon.post("/api/v1/auth/refresh", Map.of("refresh_token", s.refreshToken()));
    assertEquals("no-store", refresh.header("Cache-Control"));
    Api.Res switched =
        s.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", s.tenantId()));
    assertEquals(200, switched.status(), switched.toString());
    assertEquals("no-store", switched.header("Cache-Control"));
    Api.Res key = s.api().post("/api/v1/api-keys", Map.of("name", "shown once"));
    assertEquals(201, key.status(), key.toString());
    assertEquals("no-store", key.header("Cache-Control"));
    assertEquals("no-store", s.api().get("/api/v1/projects").header("Cache-Control"));
    // problems too
    assertEquals("no-store", anon.get("/api/v1/projects").header("Cache-Control"));
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndNoServerVersion() {
    Session s = Accounts.newUser("headers");
    for (Api.Res res :
        List.of(
            s.api().get("/api/v1/projects"),
            Api.anonymous().get("/api/v1/projects"),
            Api.anonymous().get("/api/v1/config"),
            Api.anonymous().get("/docs", "text/html", false),
            Api.anonymous().get("/no/such/page", "text/html", false))) {
      assertEquals("nosniff", res.header("X-Content-Type-Options"), res.toString());
      assertEquals("no-referrer", res.header("Referrer-Policy"), res.toString());
      assertNull(res.header("Server"), res.toString());
      assertNull(res.header("X-Powered-By"), res.toString());
    }
    for (String page : List.of("/docs", "/redoc")) {
      Api.Res res = Api.anonymous().get(page, "text/html", false);
      assertEquals(200, res.status());
      String csp = res.header("Content-Security-Policy");
      assertTrue(csp != null && csp.contains("script-src 'self'"), page + ": " + csp);
      assertFalse(csp.contains("unsafe-eval"), csp);
      assertFalse(res.text().contains("<script>"), "no inline script on " + page);
    }
  }

  @Test
  void optionsSaysWhichMethodsAndNothingMore() {
    Api.Res res = Api.anonymous().send("OPTIONS", "/api/v1/projects", null, null);
    assertTrue(res.status() == 200 || res.status() == 204, res.toString());
    String allow = res.header("Allow");
    assertTrue(allow != null && allow.contains("GET") && allow.contains("POST"), res.toString());
    assertFalse(res.text().contains("wadl"), res.toString());
    assertFalse(res.text().contains("/api/v1/admin"), res.toString());
  }

  @Test
  void containerErrorsAreProblemsToo() throws Exception {
    Session s = Accounts.newUser("container");
    // an unparsable Content-Type: the container's own error, as a problem
    Api.Res res = s.api().send("POST", "/api/v1/projects", "{\"name\":\"x\"}", ";;;");
    assertTrue(res.header("Content-Type").startsWith("application/problem+json"), res.toString());
    assertTrue(res.status() == 400 || res.status() == 415, res.toString());
    assertFalse(res.json().path("code").asText().isEmpty(), res.toString());
    // over HTTP/1.1, as curl and most clients speak it: a request line longer than 8 KiB
    String longLine = raw("GET", "/api/v1/projects?q=" + "a".repeat(9000), "", null);
    assertTrue(longLine.startsWith("HTTP/1.1 414 "), longLine);
    assertTrue(longLine.contains("\"code\":\"uri_too_long\""), longLine);
    // a header longer than 8 KiB
    String bigHeader =
        raw("GET", "/api/v1/projects", "Authorization: Bearer " + "a".repeat(10240) + "\r\n", null);
    assertTrue(bigHeader.startsWith("HTTP/1.1 431 "), bigHeader);
    assertTrue(bigHeader.contains("\"code\":\"headers_too_large\""), bigHeader);
    assertTrue(
        bigHeader.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
        bigHeader);
    // a 422 over HTTP/1.1 is a problem too (its reason phrase is the HTTP server's: Grizzly, under
    // Payara, knows none for 422 and writes CUSTOM; clients go by the code, RFC 9110 15.1)
    String invalid = raw("POST", "/api/v1/auth/register", "", "{\"email\":\"x\"}");
    assertTrue(invalid.startsWith("HTTP/1.1 422 "), invalid);
    assertTrue(invalid.contains("\"code\":\"validation_error\""), invalid);
  }

  @Test
  void aPasswordOfOnlySpacesIsRefused() {
    for (String password : List.of("        ", "            ", " \t \t \t \t ")) {
      JsonNode p =
          assertProblem(
              Api.anonymous()
                  .post(
                      "/api/v1/auth/register",
                      Map.of(
                          "email",
                          Accounts.uniqueEmail("blank"),
                          "password",
                          password,
                          "name",
                          "B")),
              422,
              "validation_error");
      assertEquals("password", p.path("errors").get(0).path("field").asText(), p.toString());
    }
  }

  /**
   * The whole answer (status line, headers, body) to a raw HTTP/1.1 request: the JDK client speaks
   * HTTP/2 where it can and does not show reason phrases.
   */
  private static String raw(String method, String target, String headers, String json)
      throws Exception {
    URI base = URI.create(AtelierServer.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " "
              + target
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\n"
              + headers
              + (json == null ? "" : "Content-Type: application/json\r\n")
              + "Content-Length: "
              + body.length
              + "\r\nX-Forwarded-For: 10.9.8."
              + (1 + (int) (Math.random() * 200))
              + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
