package dev.atelier.core.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.api.JsonConfig;
import dev.atelier.core.api.Problem;
import dev.atelier.core.api.ProblemMappers;
import dev.atelier.core.platform.Version;
import dev.atelier.core.security.Caller;
import dev.atelier.core.tools.ToolSchemas;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;

/**
 * The MCP methods the server answers, over JSON-RPC 2.0: {@code initialize}, {@code ping}, {@code
 * tools/list} and {@code tools/call} (the transport, sessions and headers are {@link
 * McpResource}'s). A tool's own failure (not found, invalid for the service, forbidden, rate
 * limited) is a result with {@code isError: true} whose text is the API's problem document; a
 * request the protocol cannot take is a JSON-RPC error.
 */
@ApplicationScoped
public class McpServer {

  /** The newest protocol revision spoken, answered to clients that ask for one not known. */
  static final String LATEST = "2025-06-18";

  /** Every protocol revision spoken, newest first. */
  static final List<String> VERSIONS = List.of(LATEST, "2025-03-26");

  /** Reads exactly one JSON value and writes the protocol's messages. */
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String INSTRUCTIONS =
      "Atelier is an agent studio: this server lists the workspace's projects and agents, runs"
          + " agents (run_agent waits for the answer, start_run does not), reads runs and reads"
          + " and writes project files. Tools act with the role of the credential in use.";

  @Inject McpTools tools;
  @Inject Caller caller;

  private final ToolSchemas schemas = new ToolSchemas();

  /** The protocol revision to speak with a client that asks for {@code requested}. */
  static String negotiate(String requested) {
    return VERSIONS.contains(requested) ? requested : LATEST;
  }

  /** The result of {@code initialize} for a session speaking {@code version}. */
  ObjectNode initialize(String version) {
    ObjectNode result = JSON.createObjectNode();
    result.put("protocolVersion", version);
    result.putObject("capabilities").putObject("tools").put("listChanged", false);
    ObjectNode info = result.putObject("serverInfo");
    info.put("name", "atelier");
    if (!"2025-03-26".equals(version)) {
      info.put("title", "Atelier");
    }
    info.put("version", Version.current());
    result.put("instructions", INSTRUCTIONS);
    return result;
  }

  /**
   * The result of request {@code method} with {@code params} (null when absent) in a session
   * speaking {@code version}; {@code progress} receives what a long tool call reports.
   */
  JsonNode answer(String method, JsonNode params, String version, Consumer<String> progress) {
    return switch (method) {
      case "ping" -> JSON.createObjectNode();
      case "tools/list" -> list(params, version);
      case "tools/call" -> call(params, version, progress);
      case "initialize" ->
          throw new JsonRpcError(
              JsonRpcError.INVALID_REQUEST, "initialize is answered by the transport", null);
      default -> throw new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "Method not found", null);
    };
  }

  private JsonNode list(JsonNode params, String version) {
    JsonNode cursor = params == null ? null : params.get("cursor");
    if (cursor != null && !cursor.isNull()) {
      throw JsonRpcError.invalidParams("Unknown cursor: this server lists every tool at once.");
    }
    Role role = caller.principal().role();
    ObjectNode result = JSON.createObjectNode();
    ArrayNode list = result.putArray("tools");
    for (McpTools.Tool t : tools.all().values()) {
      if (role.atLeast(t.role())) {
        ObjectNode described = t.describe();
        if ("2025-03-26".equals(version)) {
          described.remove(List.of("title", "outputSchema"));
        }
        list.add(described);
      }
    }
    return result;
  }

  private JsonNode call(JsonNode params, String version, Consumer<String> progress) {
    if (params == null || !params.path("name").isTextual()) {
      throw JsonRpcError.invalidParams("params.name must name a tool.");
    }
    String name = params.get("name").asText();
    McpTools.Tool tool = tools.all().get(name);
    if (tool == null) {
      throw JsonRpcError.invalidParams("Unknown tool: " + abbreviate(name));
    }
    JsonNode arguments = params.get("arguments");
    if (arguments == null || arguments.isNull()) {
      arguments = JSON.createObjectNode();
    }
    if (!arguments.isObject()) {
      throw JsonRpcError.invalidParams("params.arguments must be an object.");
    }
    List<String> wrong = schemas.check(tool.inputSchema().toString(), arguments);
    if (!wrong.isEmpty()) {
      ArrayNode errors = JSON.createArrayNode();
      wrong.forEach(errors::add);
      throw new JsonRpcError(
          JsonRpcError.INVALID_PARAMS,
          "Invalid arguments for " + name + ": " + String.join("; ", wrong),
          JSON.createObjectNode().set("errors", errors));
    }
    boolean structured = !"2025-03-26".equals(version);
    McpTools.Answer answer;
    try {
      Role role = caller.principal().role();
      if (!role.atLeast(tool.role())) {
        throw ProblemException.forbidden(
            "This operation needs the " + tool.role().wire() + " role in this workspace.");
      }
      answer = tool.body().call(new McpTools.Call(arguments, progress));
    } catch (RuntimeException e) {
      ProblemException problem = ProblemMappers.translate(e);
      if (problem.status() >= 500) {
        throw new JsonRpcError(JsonRpcError.INTERNAL_ERROR, problem.getMessage(), null);
      }
      return failed(problem);
    }
    JsonNode value = toJson(answer.value());
    ObjectNode result = JSON.createObjectNode();
    String text = answer.text() != null ? answer.text() : value.toString();
    result.putArray("content").addObject().put("type", "text").put("text", text);
    if (structured) {
      result.set("structuredContent", value);
    }
    result.put("isError", false);
    return result;
  }

  /** A tool's failure as a result the client (and its model) can read: the problem document. */
  private static ObjectNode failed(ProblemException problem) {
    ObjectNode result = JSON.createObjectNode();
    String text = toJson(Problem.of(problem, "/mcp")).toString();
    result.putArray("content").addObject().put("type", "text").put("text", text);
    result.put("isError", true);
    return result;
  }

  /** A value as the HTTP API writes it (snake_case, nulls present, RFC 3339 times). */
  static JsonNode toJson(Object value) {
    try {
      return JSON.readTree(JsonConfig.jsonb().toJson(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
