package dev.atelier.core.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.api.ApiException;
import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.Origins;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The MCP server's endpoint, {@code /mcp}, in the Streamable HTTP transport (revisions 2025-06-18
 * and 2025-03-26): a client POSTs one JSON-RPC message at a time and gets the response as JSON (or,
 * for a tool call that asked for progress, as a short server-sent event stream); DELETE ends a
 * session. There is no server-to-client stream, so GET answers 405. Being a resource of the API, it
 * gets the same authentication, roles, rate limits, body limit and problem responses.
 */
@Path("mcp")
@ApplicationScoped
@Tag(
    name = "MCP",
    description = "The Model Context Protocol server (JSON-RPC 2.0 over Streamable HTTP)")
public class McpResource {

  static final String SESSION = "Mcp-Session-Id";
  static final String PROTOCOL = "MCP-Protocol-Version";

  @Inject McpServer server;
  @Inject McpSessions sessions;
  @Inject Caller caller;
  @Inject AtelierConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @NotIdempotent
  @Operation(
      operationId = "sendMcpMessage",
      summary =
          "Send one MCP JSON-RPC message: initialize (answers with Mcp-Session-Id), then"
              + " requests with that header (ping, tools/list, tools/call) and notifications",
      description =
          "See docs/mcp.md. Requests are answered with a JSON-RPC response (200); notifications"
              + " and responses with 202. A message that is not JSON is a JSON-RPC parse error,"
              + " one that is not a JSON-RPC message an invalid request (both 400). A missing"
              + " session is 400, an unknown, ended, expired or another credential's session"
              + " 404; an Origin that is not allowed 403.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JsonRpcMessage.class)))
  @APIResponse(
      responseCode = "200",
      description =
          "The JSON-RPC response; or, for a tools/call with a progress token from a client that"
              + " accepts them, server-sent events (progress notifications, then the response)",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JsonRpcMessage.class)),
        @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(type = SchemaType.STRING))
      })
  @APIResponse(responseCode = "202", description = "A notification or response, accepted")
  @APIResponse(
      responseCode = "400",
      description =
          "A JSON-RPC parse error or invalid request (a JSON-RPC response), or a problem: no"
              + " Mcp-Session-Id (mcp_session_required), an unsupported protocol version",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JsonRpcMessage.class)),
        @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem"))
      })
  @APIResponse(
      responseCode = "404",
      description = "No such session for this credential (mcp_session_not_found)")
  public Response message(
      @HeaderParam("Origin") String origin,
      @Parameter(description = "The session the server gave in its answer to initialize")
          @HeaderParam(SESSION)
          String sessionId,
      @Parameter(description = "The protocol version the client negotiated") @HeaderParam(PROTOCOL)
          String protocol,
      @HeaderParam(HttpHeaders.ACCEPT) String accept,
      InputStream body)
      throws IOException {
    checkOrigin(origin);
    JsonNode message;
    try {
      message = McpServer.JSON.readTree(body.readAllBytes());
    } catch (JsonProcessingException e) {
      return rpc(error(null, new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error", null)), 400);
    }
    if (message == null || message.isMissingNode()) {
      return rpc(error(null, new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error", null)), 400);
    }
    if (protocol != null && !McpServer.VERSIONS.contains(protocol)) {
      throw unsupportedVersion(protocol);
    }
    Envelope envelope;
    try {
      envelope = Envelope.of(message);
    } catch (JsonRpcError e) {
      return rpc(error(validId(message), e), e.httpStatus());
    }
    if ("initialize".equals(envelope.method())) {
      return initialize(envelope);
    }
    McpSessions.Session session = session(sessionId);
    if (protocol != null && !protocol.equals(session.protocolVersion())) {
      throw unsupportedVersion(protocol);
    }
    if (envelope.id() == null) {
      // a notification (initialized, cancelled, progress…) or a response: nothing to answer
      return Response.accepted().build();
    }
    JsonNode token =
        envelope.params() == null ? null : envelope.params().path("_meta").get("progressToken");
    if ("tools/call".equals(envelope.method())
        && token != null
        && (token.isTextual() || token.isIntegralNumber())
        && accepts(accept, MediaType.SERVER_SENT_EVENTS)) {
      return streamed(envelope, session.protocolVersion(), token);
    }
    return rpc(answer(envelope, session.protocolVersion(), p -> {}), 200);
  }

  @DELETE
  @Operation(
      operationId = "endMcpSession",
      summary = "End an MCP session (Mcp-Session-Id); its id is refused from then on")
  @APIResponse(responseCode = "204", description = "The session has ended")
  @APIResponse(responseCode = "400", description = "No Mcp-Session-Id (mcp_session_required)")
  @APIResponse(
      responseCode = "404",
      description = "No such session for this credential (mcp_session_not_found)")
  public Response end(
      @HeaderParam("Origin") String origin,
      @Parameter(description = "The session the server gave in its answer to initialize")
          @HeaderParam(SESSION)
          String sessionId) {
    checkOrigin(origin);
    sessions.end(session(sessionId));
    return Response.noContent().build();
  }

  private Response initialize(Envelope envelope) {
    if (envelope.id() == null) {
      return rpc(
          error(
              null,
              new JsonRpcError(
                  JsonRpcError.INVALID_REQUEST, "initialize must be a request (with an id)", null)),
          400);
    }
    JsonNode requested =
        envelope.params() == null ? null : envelope.params().get("protocolVersion");
    if (requested == null || !requested.isTextual()) {
      return rpc(
          error(envelope.id(), JsonRpcError.invalidParams("params.protocolVersion is required.")),
          200);
    }
    String version = McpServer.negotiate(requested.asText());
    McpSessions.Session session = sessions.open(caller.principal(), version);
    return Response.ok(result(envelope.id(), server.initialize(version)).toString())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header(SESSION, session.id())
        .build();
  }

  /** The answer to a request: its result, or the JSON-RPC error it ran into. */
  private ObjectNode answer(Envelope envelope, String version, Consumer<String> progress) {
    try {
      if (envelope.params() != null && !envelope.params().isObject()) {
        throw JsonRpcError.invalidParams("params must be an object.");
      }
      return result(
          envelope.id(), server.answer(envelope.method(), envelope.params(), version, progress));
    } catch (JsonRpcError e) {
      return error(envelope.id(), e);
    }
  }

  /**
   * A tool call that asked for progress, answered as server-sent events: a {@code
   * notifications/progress} for each step of the work, then the response, then the stream ends.
   */
  private Response streamed(Envelope envelope, String version, JsonNode token) {
    StreamingOutput out =
        stream -> {
          AtomicLong count = new AtomicLong();
          AtomicBoolean gone = new AtomicBoolean();
          Consumer<String> progress =
              what -> {
                ObjectNode n = McpServer.JSON.createObjectNode().put("jsonrpc", "2.0");
                n.put("method", "notifications/progress");
                ObjectNode params = n.putObject("params");
                params.set("progressToken", token);
                params.put("progress", count.incrementAndGet());
                params.put("message", what);
                send(stream, n, gone);
              };
          send(stream, answer(envelope, version, progress), gone);
        };
    return Response.ok(out, MediaType.SERVER_SENT_EVENTS_TYPE)
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .build();
  }

  /** Writes {@code message} as one event, unless the client has gone (then the work goes on). */
  private static void send(OutputStream stream, JsonNode message, AtomicBoolean gone) {
    if (gone.get()) {
      return;
    }
    try {
      stream.write(("data: " + message + "\n\n").getBytes(StandardCharsets.UTF_8));
      stream.flush();
    } catch (IOException e) {
      gone.set(true);
    }
  }

  private McpSessions.Session session(String id) {
    if (id == null || id.isBlank()) {
      throw ApiException.badRequest(
          "mcp_session_required",
          "Send the Mcp-Session-Id header the server gave in answer to initialize.");
    }
    return sessions
        .find(caller.principal(), id.trim())
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "mcp_session_not_found",
                    "Not found",
                    "No such MCP session for this credential (it may have ended or expired):"
                        + " initialize a new one."));
  }

  private void checkOrigin(String origin) {
    if (origin != null && !Origins.listed(origin, config.mcpAllowedOrigins())) {
      throw new ApiException(
          403,
          "origin_not_allowed",
          "Forbidden",
          "Requests from this origin are not allowed to use the MCP server"
              + " (see ATELIER_MCP_ALLOWED_ORIGINS).");
    }
  }

  private static ProblemException unsupportedVersion(String protocol) {
    return ApiException.badRequest(
        "unsupported_protocol_version",
        "MCP-Protocol-Version '"
            + McpServer.abbreviate(protocol)
            + "' is not this session's protocol version; supported: "
            + String.join(", ", McpServer.VERSIONS)
            + ".");
  }

  /** Whether {@code accept} names {@code type} itself (not a wildcard). */
  private static boolean accepts(String accept, String type) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      if (part.split(";")[0].trim().equalsIgnoreCase(type)) {
        return true;
      }
    }
    return false;
  }

  private static Response rpc(JsonNode message, int status) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(message.toString())
        .build();
  }

  private static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode m = McpServer.JSON.createObjectNode().put("jsonrpc", "2.0");
    m.set("id", id);
    m.set("result", result);
    return m;
  }

  private static ObjectNode error(JsonNode id, JsonRpcError e) {
    ObjectNode m = McpServer.JSON.createObjectNode().put("jsonrpc", "2.0");
    m.set("id", id == null ? McpServer.JSON.nullNode() : id);
    ObjectNode error = m.putObject("error");
    error.put("code", e.code()).put("message", e.getMessage());
    if (e.data() != null) {
      error.set("data", e.data());
    }
    return m;
  }

  /** The id of {@code message} when it is one a response may carry, else null. */
  private static JsonNode validId(JsonNode message) {
    JsonNode id = message.isObject() ? message.get("id") : null;
    return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
  }

  /**
   * A JSON-RPC 2.0 message taken apart: a request (method and id), a notification (method, no id)
   * or a response (id, no method).
   */
  record Envelope(String method, JsonNode id, JsonNode params) {

    static Envelope of(JsonNode message) {
      if (message.isArray()) {
        throw new JsonRpcError(
            JsonRpcError.INVALID_REQUEST, "Batches are not supported: send one message.", null);
      }
      if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
        throw new JsonRpcError(
            JsonRpcError.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message", null);
      }
      JsonNode id = message.get("id");
      if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
        throw new JsonRpcError(
            JsonRpcError.INVALID_REQUEST, "Invalid Request: id must be a string or integer", null);
      }
      JsonNode method = message.get("method");
      if (method == null) {
        if (id != null && (message.has("result") || message.has("error"))) {
          return new Envelope(null, null, null);
        }
        throw new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid Request: no method", null);
      }
      if (!method.isTextual() || method.asText().isEmpty()) {
        throw new JsonRpcError(
            JsonRpcError.INVALID_REQUEST, "Invalid Request: method must be a string", null);
      }
      JsonNode params = message.get("params");
      return new Envelope(method.asText(), id, params);
    }
  }
}
