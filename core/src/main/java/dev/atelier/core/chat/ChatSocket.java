package dev.atelier.core.chat;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.ProblemMappers;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.RunStatus;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.security.Credentials;
import dev.atelier.core.security.Principal;
import dev.atelier.core.security.RequestLimits;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.FieldError;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat WebSocket {@code /api/v1/chat/ws/{chat_id}}: one socket serves many turns of one chat.
 * The client sends JSON text frames {@code message}, {@code cancel}, {@code approval} and {@code
 * ping}; the server sends the chat events of the server-sent-events stream as {@code {"type", "id",
 * "data"}} frames, and {@code error} frames (with a stable {@code code}) for frames it cannot take.
 * {@link ChatSocketFilter} has checked the handshake. Anyone who may read the chat may watch;
 * sending a message, cancelling and approving need the operator role, checked live on each frame.
 */
@ServerEndpoint(ChatSocket.PATH_PREFIX + "{chat_id}")
public class ChatSocket {

  static final String PATH_PREFIX = "/api/v1/chat/ws/";

  private static final Logger LOG = Logger.getLogger(ChatSocket.class.getName());
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  @Inject ChatTurns turns;
  @Inject Runs runs;
  @Inject Credentials credentials;
  @Inject RequestLimits limits;
  @Inject AtelierConfig config;

  private ChatHandshake handshake;
  private SocketFrames frames;
  private final StringBuilder incoming = new StringBuilder();
  private long incomingBytes;
  private boolean tooLarge;

  @OnOpen
  public void open(Session session) {
    frames = new SocketFrames(session, SEND_TIMEOUT);
    if (!(session.getUserPrincipal() instanceof ChatHandshake h)) {
      frames.close(CloseReason.CloseCodes.VIOLATED_POLICY, "Not authenticated.");
      return;
    }
    handshake = h;
    try {
      String runId = handshake.runId();
      if (runId == null) {
        List<Run> active = turns.inProgress(tenantId(), handshake.chatId());
        runId = active.isEmpty() ? null : active.get(active.size() - 1).id();
      }
      if (runId != null) {
        turns.follow(tenantId(), handshake.chatId(), runId, handshake.after(), frames.stream());
      }
    } catch (RuntimeException e) {
      answer(e);
    }
  }

  /** A text frame, or a part of a fragmented text message. */
  @OnMessage
  public void text(String part, boolean last) {
    if (handshake == null) {
      return;
    }
    if (!tooLarge) {
      incomingBytes += utf8Length(part);
      if (incomingBytes > config.maxBodyBytes()) {
        tooLarge = true;
        incoming.setLength(0);
      } else {
        incoming.append(part);
      }
    }
    if (!last) {
      return;
    }
    String text = incoming.toString();
    boolean refused = tooLarge;
    incoming.setLength(0);
    incoming.trimToSize(); // an idle socket keeps no buffer of its largest frame
    incomingBytes = 0;
    tooLarge = false;
    if (refused) {
      error(
          "payload_too_large",
          "The frame is larger than the limit of " + config.maxBodyBytes() + " bytes.",
          List.of());
      return;
    }
    try {
      handle(text);
    } catch (RuntimeException e) {
      answer(e);
    }
  }

  /** Binary frames carry nothing the chat understands. */
  @OnMessage
  public void binary(ByteBuffer part, boolean last) {
    if (last && handshake != null) {
      error("unsupported_media_type", "Send JSON text frames, not binary ones.", List.of());
    }
  }

  @OnClose
  public void closed(Session session, CloseReason reason) {
    if (frames != null) {
      frames.gone();
    }
  }

  @OnError
  public void failed(Session session, Throwable error) {
    LOG.log(Level.FINE, "Chat socket failed", error);
    if (frames != null) {
      frames.gone();
    }
  }

  private void handle(String text) {
    JsonValue value;
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException e) {
      throw ApiException.badRequest("malformed_json", "The frame is not valid JSON.");
    }
    if (!(value instanceof JsonObject frame)) {
      throw ApiException.badRequest("malformed_json", "A frame is a JSON object with a type.");
    }
    String type = string(frame, "type");
    Check.start().required("type", type).done();
    switch (type) {
      case "message" -> message(frame);
      case "cancel" -> cancel();
      case "approval" -> approval(frame);
      case "ping" -> frames.send("pong", 0, "{}");
      default ->
          throw ApiException.badRequest(
              "unknown_type", "Unknown frame type; send message, cancel, approval or ping.");
    }
  }

  /** Starts a turn and streams it. */
  private void message(JsonObject frame) {
    Principal principal = operator();
    limits.runStart(principal);
    String message = string(frame, "message");
    Check.start().text("message", message, Runs.MESSAGE_MAX).done();
    Run run = turns.next(tenantId(), principal.userId(), handshake.chatId(), null, message);
    turns.follow(tenantId(), handshake.chatId(), run.id(), 0, frames.stream());
  }

  private void cancel() {
    operator();
    if (!turns.cancel(tenantId(), handshake.chatId())) {
      throw ProblemException.conflict("chat_idle", "The chat is not answering anything.");
    }
  }

  /** Approves or denies the tool calls the chat's turn waits for. */
  private void approval(JsonObject frame) {
    Principal principal = operator();
    JsonValue approved = frame.get("approved");
    String toolCallId = string(frame, "tool_call_id");
    String reason = string(frame, "reason");
    String runId = string(frame, "run_id");
    Check.start()
        .that(
            approved != null
                && (approved.getValueType() == JsonValue.ValueType.TRUE
                    || approved.getValueType() == JsonValue.ValueType.FALSE),
            "approved",
            "must be true or false")
        .optionalText("tool_call_id", toolCallId, 128)
        .optionalText("reason", reason, 1000)
        .optionalText("run_id", runId, 36)
        .done();
    String waiting =
        turns.inProgress(tenantId(), handshake.chatId()).stream()
            .filter(r -> runId == null || r.id().equals(runId))
            .filter(r -> r.status() == RunStatus.AWAITING_APPROVAL)
            .map(Run::id)
            .findFirst()
            .orElseThrow(
                () ->
                    ProblemException.conflict(
                        "run_not_awaiting_approval", "The chat waits for no approval."));
    runs.decide(
        tenantId(),
        waiting,
        principal.userId(),
        approved.getValueType() == JsonValue.ValueType.TRUE,
        toolCallId,
        reason);
  }

  /**
   * The caller as they are now (a revoked session or key, a removed membership end the socket),
   * with at least the operator role; one request of their rate limit.
   */
  private Principal operator() {
    Principal principal = credentials.principal(handshake.credential());
    if (!principal.tenantId().equals(tenantId())) {
      throw ApiException.unauthorized("The credential is no longer valid.");
    }
    if (!principal.role().atLeast(Role.OPERATOR)) {
      throw ProblemException.forbidden(
          "Sending to a chat needs the operator role in this workspace.");
    }
    limits.request(principal);
    return principal;
  }

  private String tenantId() {
    return handshake.principal().tenantId();
  }

  /** A string field of a frame: null when absent or null, 422 when of another kind. */
  private static String string(JsonObject frame, String field) {
    JsonValue v = frame.get(field);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw ProblemException.validation(field, "must be a string");
  }

  /** Answers a frame the socket could not take with an error frame. */
  private void answer(RuntimeException thrown) {
    ProblemException e = ProblemMappers.translate(thrown);
    try {
      error(e.code(), e.getMessage(), e.errors(), e.headers().get("Retry-After"));
    } catch (RuntimeException clientGone) {
      return;
    }
    if (e.status() == 401) {
      frames.close(CloseReason.CloseCodes.VIOLATED_POLICY, "The credential is no longer valid.");
    }
  }

  private void error(String code, String message, List<FieldError> errors) {
    try {
      error(code, message, errors, null);
    } catch (RuntimeException clientGone) {
      // nothing to tell
    }
  }

  private void error(String code, String message, List<FieldError> errors, String retryAfter) {
    JsonArrayBuilder list = JSON.createArrayBuilder();
    errors.forEach(
        f ->
            list.add(
                JSON.createObjectBuilder().add("field", f.field()).add("message", f.message())));
    var data =
        JSON.createObjectBuilder()
            .add("chat_id", handshake.chatId())
            .addNull("run_id")
            .add("code", code)
            .add("message", message)
            .add("errors", list);
    if (retryAfter != null) {
      data.add("retry_after", Long.parseLong(retryAfter));
    }
    frames.send("error", 0, data.build().toString());
  }

  /** The number of bytes {@code s} takes in UTF-8. */
  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}
