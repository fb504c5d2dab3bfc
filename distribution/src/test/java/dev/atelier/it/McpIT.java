package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertNoLeak;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MCP server's protocol and transport over raw HTTP: credentials, sessions, headers, JSON-RPC
 * errors, the tools' roles and tenant isolation.
 */
@ExtendWith(AtelierServer.class)
class McpIT {

  private static final Set<String> READ_TOOLS =
      Set.of(
          "list_projects",
          "list_agents",
          "get_agent",
          "get_run",
          "list_runs",
          "list_files",
          "read_file");
  private static final Set<String> WRITE_TOOLS =
      Set.of("start_run", "run_agent", "cancel_run", "write_file", "delete_file");

  private static String project(Session s, String name) {
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", name));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  private static Set<String> toolNames(JsonNode listed) {
    Set<String> names = new TreeSet<>();
    listed.path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  /** A ping POSTed with only {@code accept} as its Accept header. */
  private static java.net.http.HttpResponse<String> raw(Session s, String session, String accept) {
    try {
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(AtelierServer.baseUrl() + Mcp.PATH))
              .header("Authorization", "Bearer " + s.accessToken())
              .header("Mcp-Session-Id", session)
              .header("Content-Type", "application/json")
              .header("Accept", accept)
              .POST(
                  java.net.http.HttpRequest.BodyPublishers.ofString(
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
              .build();
      return java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void withoutAValidCredentialItIs401() {
    Api anon = Api.anonymous();
    Api.Res none = Mcp.send(anon, null, null, Mcp.initialize("2025-06-18"));
    assertProblem(none, 401, "unauthorized");
    assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"), none.headers().toString());
    assertProblem(
        Mcp.send(anon.withToken("not-a-token"), null, null, Mcp.initialize("2025-06-18")),
        401,
        "unauthorized");
    assertProblem(
        Mcp.send(anon.withApiKey("atl_live_nope_nope"), null, null, Mcp.initialize("2025-06-18")),
        401,
        "unauthorized");
    assertProblem(anon.delete(Mcp.PATH), 401, "unauthorized");
  }

  @Test
  void initializeNegotiatesAndOpensASession() {
    Session ada = Accounts.newUser("mcp-init");
    Api.Res res = Mcp.send(ada.api(), null, null, Mcp.initialize("2025-06-18"));
    assertEquals(200, res.status(), res.toString());
    JsonNode result = res.json().path("result");
    assertEquals("2025-06-18", result.path("protocolVersion").asText());
    assertTrue(result.path("capabilities").path("tools").isObject(), result.toString());
    assertEquals("atelier", result.path("serverInfo").path("name").asText());
    assertFalse(result.path("serverInfo").path("version").asText().isBlank());
    String session = res.header("Mcp-Session-Id");
    assertTrue(session.matches("[\\x21-\\x7E]+"), session);

    assertEquals("2025-03-26", Mcp.connect(ada.api(), "2025-03-26").version);
    assertEquals("2025-06-18", Mcp.connect(ada.api(), "2031-01-01").version, "newest we speak");
    assertNotEquals(session, Mcp.connect(ada.api()).session, "each initialize a new session");

    JsonNode noVersion =
        Mcp.send(ada.api(), null, null, Mcp.request("initialize", Map.of())).json();
    assertEquals(-32602, noVersion.path("error").path("code").asInt(), noVersion.toString());
  }

  @Test
  void apiKeysAndTokensBothWork() {
    Session ada = Accounts.newUser("mcp-cred");
    String pid = project(ada, "Keyed");
    String key = Accounts.apiKey(ada, "viewer");
    for (Api api : List.of(ada.api(), ada.anonymous().withApiKey(key))) {
      Mcp mcp = Mcp.connect(api);
      assertEquals(
          Map.of(), Api.JSON.convertValue(mcp.ask("ping", null).path("result"), Map.class));
      JsonNode page = mcp.ok("list_projects", Map.of());
      assertEquals(1, page.path("total").asInt(), page.toString());
      assertEquals(pid, page.path("items").get(0).path("id").asText());
    }
    // an API key sent as a bearer token works too
    Mcp bearer = Mcp.connect(ada.anonymous().withToken(key));
    assertEquals(1, bearer.ok("list_projects", Map.of()).path("total").asInt());
  }

  @Test
  void aSessionIsRequiredAndBoundToItsCredential() {
    Session ada = Accounts.newUser("mcp-session");
    Session bob = Accounts.newUser("mcp-other");
    Mcp mcp = Mcp.connect(ada.api());
    Map<String, Object> list = Mcp.request("tools/list", null);

    assertProblem(Mcp.send(ada.api(), null, null, list), 400, "mcp_session_required");
    assertProblem(
        Mcp.send(ada.api(), "v1.abc.2025-06-18.9999999999.xyz", null, list),
        404,
        "mcp_session_not_found");
    assertProblem(Mcp.send(ada.api(), "nonsense", null, list), 404, "mcp_session_not_found");
    String tampered = mcp.session.replace(".2025-06-18.", ".2025-03-26.");
    assertProblem(Mcp.send(ada.api(), tampered, null, list), 404, "mcp_session_not_found");
    // another user, and the same user with another credential, cannot use the session
    assertProblem(Mcp.send(bob.api(), mcp.session, null, list), 404, "mcp_session_not_found");
    String adaKey = Accounts.apiKey(ada, "admin");
    assertProblem(
        Mcp.send(ada.anonymous().withApiKey(adaKey), mcp.session, null, list),
        404,
        "mcp_session_not_found");
    // a session survives a token refresh: it belongs to the user in the workspace
    Api.Res refreshed =
        ada.anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", ada.refreshToken()));
    assertEquals(200, refreshed.status(), refreshed.toString());
    Api fresh = ada.anonymous().withToken(refreshed.json().path("access_token").asText());
    assertEquals(200, Mcp.send(fresh, mcp.session, mcp.version, list).status());
  }

  @Test
  void deleteEndsTheSession() {
    Session ada = Accounts.newUser("mcp-delete");
    Mcp mcp = Mcp.connect(ada.api());
    Api withSession = ada.api().withHeader("Mcp-Session-Id", mcp.session);
    assertProblem(
        Mcp.send(ada.api(), null, null, Mcp.request("ping", null)), 400, "mcp_session_required");
    assertProblem(ada.api().delete(Mcp.PATH), 400, "mcp_session_required");
    assertProblem(
        Accounts.newUser("mcp-thief")
            .api()
            .withHeader("Mcp-Session-Id", mcp.session)
            .delete(Mcp.PATH),
        404,
        "mcp_session_not_found");
    assertEquals(200, mcp.send(Mcp.request("ping", null)).status(), "not ended by the thief");
    Api.Res ended = withSession.delete(Mcp.PATH);
    assertEquals(204, ended.status(), ended.toString());
    assertProblem(mcp.send(Mcp.request("ping", null)), 404, "mcp_session_not_found");
    assertProblem(withSession.delete(Mcp.PATH), 404, "mcp_session_not_found");
  }

  @Test
  void getHasNoStream() {
    Session ada = Accounts.newUser("mcp-get");
    Api.Res res = ada.api().get(Mcp.PATH, "text/event-stream", false);
    assertProblem(res, 405, "method_not_allowed");
    assertTrue(res.header("Allow").contains("POST"), res.headers().toString());
  }

  @Test
  void malformedMessagesAreJsonRpcErrors() {
    Session ada = Accounts.newUser("mcp-errors");
    Mcp mcp = Mcp.connect(ada.api());

    Api.Res bad = mcp.send("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    assertEquals(400, bad.status(), bad.toString());
    assertEquals(-32700, bad.json().path("error").path("code").asInt(), bad.toString());
    assertTrue(bad.json().path("id").isNull(), bad.toString());
    Api.Res trailing = mcp.send("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"} {}");
    assertEquals(-32700, trailing.json().path("error").path("code").asInt(), trailing.toString());

    for (String invalid :
        List.of(
            "[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}]",
            "42",
            "{\"id\": 1, \"method\": \"ping\"}",
            "{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"ping\"}",
            "{\"jsonrpc\": \"2.0\", \"id\": 1.5, \"method\": \"ping\"}",
            "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 7}",
            "{\"jsonrpc\": \"2.0\", \"id\": 1}")) {
      Api.Res res = mcp.send(invalid);
      assertEquals(400, res.status(), invalid + " -> " + res);
      assertEquals(-32600, res.json().path("error").path("code").asInt(), invalid + " -> " + res);
    }
    Api.Res withId = mcp.send("{\"jsonrpc\": \"2.0\", \"id\": \"x-1\", \"method\": 7}");
    assertEquals("x-1", withId.json().path("id").asText(), "the id is echoed when it is valid");

    JsonNode unknown = mcp.ask("resources/list", null);
    assertEquals(-32601, unknown.path("error").path("code").asInt(), unknown.toString());
    JsonNode notObject = mcp.ask("tools/list", null);
    assertTrue(notObject.has("result"), notObject.toString());
    Api.Res arrayParams =
        mcp.send("{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tools/list\", \"params\": [1]}");
    assertEquals(
        -32602, arrayParams.json().path("error").path("code").asInt(), arrayParams.toString());

    // a response or a notification the server does not know is accepted and ignored
    assertEquals(202, mcp.send(Map.of("jsonrpc", "2.0", "id", 5, "result", Map.of())).status());
    assertEquals(
        202, mcp.send(Map.of("jsonrpc", "2.0", "method", "notifications/whatever")).status());
    assertNoLeak(bad);
  }

  @Test
  void invalidToolCallsAreInvalidParams() {
    Session ada = Accounts.newUser("mcp-params");
    Mcp mcp = Mcp.connect(ada.api());
    List<Map<String, ?>> calls =
        List.of(
            Map.of("name", "no_such_tool", "arguments", Map.of()),
            Map.of("arguments", Map.of()),
            Map.of("name", "get_agent", "arguments", List.of()),
            Map.of("name", "get_agent", "arguments", Map.of()),
            Map.of("name", "get_agent", "arguments", Map.of("name", 42)),
            Map.of("name", "list_projects", "arguments", Map.of("limit", 0)),
            Map.of("name", "list_projects", "arguments", Map.of("limit", "ten")),
            Map.of("name", "list_runs", "arguments", Map.of("status", "sleeping")));
    for (Map<String, ?> params : calls) {
      JsonNode res = mcp.ask("tools/call", params);
      assertEquals(-32602, res.path("error").path("code").asInt(), params + " -> " + res);
      assertFalse(res.path("error").path("message").asText().isBlank());
    }
    JsonNode cursor = mcp.ask("tools/list", Map.of("cursor", "abc"));
    assertEquals(-32602, cursor.path("error").path("code").asInt(), cursor.toString());
  }

  @Test
  void headersAreChecked() {
    Session ada = Accounts.newUser("mcp-headers");
    Mcp mcp = Mcp.connect(ada.api());
    Map<String, Object> ping = Mcp.request("ping", null);
    assertProblem(
        Mcp.send(ada.api(), mcp.session, "1999-01-01", ping), 400, "unsupported_protocol_version");
    assertProblem(
        Mcp.send(ada.api(), mcp.session, "2025-03-26", ping), 400, "unsupported_protocol_version");
    assertEquals(200, Mcp.send(ada.api(), mcp.session, null, ping).status(), "header optional");

    Api.Res foreign =
        Mcp.send(ada.api().withHeader("Origin", "https://evil.example"), mcp.session, null, ping);
    assertProblem(foreign, 403, "origin_not_allowed");
    assertProblem(
        Mcp.send(
            ada.api().withHeader("Origin", "https://evil.example"),
            null,
            null,
            Mcp.initialize("2025-06-18")),
        403,
        "origin_not_allowed");

    assertProblem(
        ada.api()
            .withHeader("Mcp-Session-Id", mcp.session)
            .send("POST", Mcp.PATH, "ping", "text/plain"),
        415,
        "unsupported_media_type");
    java.net.http.HttpResponse<String> html = raw(ada, mcp.session, "text/html");
    assertEquals(406, html.statusCode(), html.body());
    assertTrue(html.body().contains("not_acceptable"), html.body());

    // a body above the limit, sent without a declared length, is cut off while it is read
    byte[] big =
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(1_100_000)
                + "\"}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Api.Res tooLarge =
        ada.api()
            .withHeader("Mcp-Session-Id", mcp.session)
            .publish(
                "POST",
                Mcp.PATH,
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)),
                "application/json");
    assertProblem(tooLarge, 413, "payload_too_large");
  }

  @Test
  void toolsFollowTheCallersRole() {
    Session ada = Accounts.newUser("mcp-roles");
    String pid = project(ada, "Roles");
    Session viewer = Accounts.joinAs(ada, Accounts.newUser("mcp-viewer"), "viewer");

    Set<String> all = new TreeSet<>(READ_TOOLS);
    all.addAll(WRITE_TOOLS);
    Mcp admin = Mcp.connect(ada.api());
    JsonNode listed = admin.ask("tools/list", null);
    assertEquals(all, toolNames(listed));
    for (JsonNode tool : listed.path("result").path("tools")) {
      assertEquals("object", tool.path("inputSchema").path("type").asText(), tool.toString());
      assertEquals("object", tool.path("outputSchema").path("type").asText(), tool.toString());
      assertFalse(tool.path("description").asText().isBlank(), tool.toString());
      boolean readOnly = READ_TOOLS.contains(tool.path("name").asText());
      assertEquals(
          readOnly, tool.path("annotations").path("readOnlyHint").asBoolean(), tool.toString());
    }

    Mcp asViewer = Mcp.connect(viewer.api());
    assertEquals(READ_TOOLS, toolNames(asViewer.ask("tools/list", null)));
    assertEquals(1, asViewer.ok("list_projects", Map.of()).path("total").asInt());
    asViewer.failed(
        "write_file", Map.of("project_id", pid, "path", "a.txt", "content", "no"), "forbidden");
    asViewer.failed("delete_file", Map.of("project_id", pid, "path", "a.txt"), "forbidden");
    asViewer.failed("start_run", Map.of("agent", "x", "message", "hi"), "forbidden");
    assertEquals(404, ada.api().get("/api/v1/projects/" + pid + "/files/a.txt").status());

    // a viewer API key of an admin is a viewer too
    Mcp viewerKey = Mcp.connect(ada.anonymous().withApiKey(Accounts.apiKey(ada, "viewer")));
    assertEquals(READ_TOOLS, toolNames(viewerKey.ask("tools/list", null)));
    viewerKey.failed(
        "write_file", Map.of("project_id", pid, "path", "a.txt", "content", "no"), "forbidden");
  }

  @Test
  void filesRoundTrip() {
    Session ada = Accounts.newUser("mcp-files");
    String pid = project(ada, "Files over MCP");
    Mcp mcp = Mcp.connect(ada.anonymous().withApiKey(Accounts.apiKey(ada, "operator")));

    JsonNode written =
        mcp.ok(
            "write_file", Map.of("project_id", pid, "path", "docs/readme.md", "content", "# Hi\n"));
    assertTrue(written.path("created").asBoolean(), written.toString());
    assertEquals("docs/readme.md", written.path("entry").path("path").asText());
    String etag = written.path("etag").asText();
    assertEquals(
        "# Hi\n",
        ada.api()
            .get("/api/v1/projects/" + pid + "/files/docs/readme.md")
            .json()
            .path("content")
            .asText());

    JsonNode read = mcp.ok("read_file", Map.of("project_id", pid, "path", "docs/readme.md"));
    assertEquals("# Hi\n", read.path("content").asText());
    assertEquals("utf-8", read.path("encoding").asText());
    assertEquals(etag, read.path("etag").asText());
    JsonNode result = mcp.call("read_file", Map.of("project_id", pid, "path", "docs/readme.md"));
    assertTrue(
        result.path("content").get(0).path("text").asText().contains("\"content\":\"# Hi\\n\""),
        "the text repeats the JSON: " + result);

    JsonNode binary =
        mcp.ok(
            "write_file",
            Map.of("project_id", pid, "path", "bin/x", "content", "/4A=", "encoding", "base64"));
    assertEquals(2, binary.path("entry").path("size").asInt(), binary.toString());
    assertEquals(
        "base64",
        mcp.ok("read_file", Map.of("project_id", pid, "path", "bin/x")).path("encoding").asText());

    mcp.failed(
        "write_file",
        Map.of(
            "project_id", pid, "path", "docs/readme.md", "content", "x", "if_match", "\"stale\""),
        "precondition_failed");
    mcp.failed(
        "write_file",
        Map.of("project_id", pid, "path", "../escape", "content", "x"),
        "invalid_path");
    mcp.failed(
        "write_file",
        Map.of("project_id", pid, "path", "b", "content", "***", "encoding", "base64"),
        "validation_error");

    JsonNode listed = mcp.ok("list_files", Map.of("project_id", pid, "recursive", true));
    List<String> paths = new ArrayList<>();
    listed.path("items").forEach(e -> paths.add(e.path("path").asText()));
    assertEquals(List.of("bin", "bin/x", "docs", "docs/readme.md"), paths);
    assertEquals(2, mcp.ok("list_files", Map.of("project_id", pid)).path("total").asInt());
    assertEquals(
        1,
        mcp.ok("list_files", Map.of("project_id", pid, "recursive", true, "limit", 1, "offset", 3))
            .path("items")
            .size());

    mcp.failed("delete_file", Map.of("project_id", pid, "path", "docs"), "directory_not_empty");
    JsonNode deleted =
        mcp.ok("delete_file", Map.of("project_id", pid, "path", "docs", "recursive", true));
    assertTrue(deleted.path("deleted").asBoolean(), deleted.toString());
    mcp.failed("read_file", Map.of("project_id", pid, "path", "docs/readme.md"), "not_found");
    assertEquals(404, ada.api().get("/api/v1/projects/" + pid + "/files/docs/readme.md").status());
  }

  @Test
  void anotherWorkspacesThingsAreNotFound() {
    Session ada = Accounts.newUser("mcp-tenant-a");
    Session eve = Accounts.newUser("mcp-tenant-b");
    String pid = project(ada, "Private");
    ada.api().put("/api/v1/projects/" + pid + "/files/secret.txt", Map.of("content", "mine"));
    String yaml = "name: helper\ndescription: d\nmodel: openai:gpt-4o\ninstructions: Hi.\n";
    assertEquals(
        201, ada.api().post("/api/v1/agents", Map.of("content", yaml, "format", "yaml")).status());

    Mcp mcp = Mcp.connect(eve.api());
    mcp.failed("read_file", Map.of("project_id", pid, "path", "secret.txt"), "not_found");
    mcp.failed("list_files", Map.of("project_id", pid), "not_found");
    mcp.failed(
        "write_file", Map.of("project_id", pid, "path", "secret.txt", "content", "x"), "not_found");
    mcp.failed("delete_file", Map.of("project_id", pid, "path", "secret.txt"), "not_found");
    mcp.failed("get_agent", Map.of("name", "helper"), "not_found");
    mcp.failed("get_run", Map.of("run_id", java.util.UUID.randomUUID().toString()), "not_found");
    mcp.failed("cancel_run", Map.of("run_id", java.util.UUID.randomUUID().toString()), "not_found");
    JsonNode start =
        mcp.failed("start_run", Map.of("agent", "helper", "message", "hi"), "validation_error");
    assertEquals("agent", start.path("errors").get(0).path("field").asText(), start.toString());
    assertEquals(0, mcp.ok("list_projects", Map.of()).path("total").asInt());
    assertEquals(0, mcp.ok("list_agents", Map.of()).path("total").asInt());
    assertEquals(
        "mine",
        ada.api()
            .get("/api/v1/projects/" + pid + "/files/secret.txt")
            .json()
            .path("content")
            .asText());

    Mcp own = Mcp.connect(ada.api());
    JsonNode agent = own.ok("get_agent", Map.of("name", "helper"));
    assertEquals("openai:gpt-4o", agent.path("model").asText(), agent.toString());
    assertEquals(1, own.ok("list_agents", Map.of("q", "help")).path("total").asInt());
  }

  @Test
  void olderClientsGetTextOnly() {
    Session ada = Accounts.newUser("mcp-old");
    project(ada, "Old");
    Mcp mcp = Mcp.connect(ada.api(), "2025-03-26");
    JsonNode tools = mcp.ask("tools/list", null).path("result").path("tools");
    tools.forEach(t -> assertFalse(t.has("outputSchema"), t.toString()));
    JsonNode result = mcp.call("list_projects", Map.of());
    assertFalse(result.has("structuredContent"), result.toString());
    assertTrue(
        result.path("content").get(0).path("text").asText().contains("\"Old\""), result.toString());
  }
}
