package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw MCP client for system tests: JSON-RPC messages POSTed to {@code /mcp} with the session
 * header, answers read as JSON. It checks nothing that the test does not ask it to.
 */
final class Mcp {

  static final String PATH = "/mcp";
  private static final AtomicInteger IDS = new AtomicInteger();

  final Api api;
  final String session;
  final String version;

  private Mcp(Api api, String session, String version) {
    this.api = api;
    this.session = session;
    this.version = version;
  }

  /** Initializes a session through {@code api} asking for {@code version}, and says initialized. */
  static Mcp connect(Api api, String version) {
    Api.Res res = send(api, null, null, initialize(version));
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.header("Content-Type").startsWith("application/json"), res.toString());
    String session = res.header("Mcp-Session-Id");
    assertNotNull(session, "no session id: " + res.headers());
    String negotiated = res.json().path("result").path("protocolVersion").asText();
    Mcp mcp = new Mcp(api, session, negotiated);
    Api.Res initialized = mcp.send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    assertEquals(202, initialized.status(), initialized.toString());
    assertTrue(initialized.text().isEmpty(), initialized.toString());
    return mcp;
  }

  static Mcp connect(Api api) {
    return connect(api, "2025-06-18");
  }

  static Map<String, Object> initialize(String version) {
    return request(
        "initialize",
        Map.of(
            "protocolVersion",
            version,
            "capabilities",
            Map.of(),
            "clientInfo",
            Map.of("name", "atelier-it", "version", "1.0")));
  }

  static Map<String, Object> request(String method, Map<String, ?> params) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", IDS.incrementAndGet());
    m.put("method", method);
    if (params != null) {
      m.put("params", params);
    }
    return m;
  }

  /** POSTs {@code body} (a String verbatim, else as JSON) with the given session and version. */
  static Api.Res send(Api api, String session, String version, Object body) {
    Api a = api.withHeader("Accept", "text/event-stream");
    if (session != null) {
      a = a.withHeader("Mcp-Session-Id", session);
    }
    if (version != null) {
      a = a.withHeader("MCP-Protocol-Version", version);
    }
    return a.post(PATH, body);
  }

  /** POSTs {@code body} in this session. */
  Api.Res send(Object body) {
    return send(api, session, version, body);
  }

  /** Sends request {@code method} and returns the whole JSON-RPC response (HTTP 200). */
  JsonNode ask(String method, Map<String, ?> params) {
    Map<String, Object> request = request(method, params);
    Api.Res res = send(request);
    assertEquals(200, res.status(), res.toString());
    JsonNode json = res.json();
    assertEquals("2.0", json.path("jsonrpc").asText(), res.toString());
    assertEquals(request.get("id"), json.path("id").asInt(), res.toString());
    return json;
  }

  /** Calls {@code tool} and returns its result (which may be an error result). */
  JsonNode call(String tool, Map<String, ?> arguments) {
    JsonNode response = ask("tools/call", Map.of("name", tool, "arguments", arguments));
    assertFalse(response.has("error"), response.toString());
    return response.path("result");
  }

  /** Calls {@code tool}, asserts it succeeded and returns its structured content. */
  JsonNode ok(String tool, Map<String, ?> arguments) {
    JsonNode result = call(tool, arguments);
    assertFalse(result.path("isError").asBoolean(), result.toString());
    assertEquals("text", result.path("content").get(0).path("type").asText(), result.toString());
    return result.path("structuredContent");
  }

  /**
   * Calls {@code tool}, asserts it failed with the problem {@code code} and returns the problem.
   */
  JsonNode failed(String tool, Map<String, ?> arguments, String code) {
    JsonNode result = call(tool, arguments);
    assertTrue(result.path("isError").asBoolean(), result.toString());
    assertFalse(result.has("structuredContent"), result.toString());
    JsonNode problem;
    try {
      problem = Api.JSON.readTree(result.path("content").get(0).path("text").asText());
    } catch (java.io.IOException e) {
      throw new AssertionError("not a problem document: " + result, e);
    }
    assertEquals(code, problem.path("code").asText(), result.toString());
    return problem;
  }
}
