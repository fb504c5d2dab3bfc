package dev.atelier.core.chat;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.ProblemMappers;
import dev.atelier.core.api.ServletProblems;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.security.Credentials;
import dev.atelier.core.security.Origins;
import dev.atelier.core.security.Principal;
import dev.atelier.core.security.RequestLimits;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate of the chat WebSocket, run before the upgrade so that a refused handshake gets a real
 * status and a problem document: the {@code Origin} (when origins are configured, 403), the
 * credential from the headers or the {@code access_token} query parameter (401), the request rate
 * limit (429), the chat in the caller's workspace (404, also for another workspace's chat), the
 * turn to resume (422), and that the request is an upgrade at all (426). The handshake's facts go
 * to {@link ChatSocket} as the request's user principal.
 */
@WebFilter(urlPatterns = ChatSocket.PATH_PREFIX + "*", asyncSupported = true)
public class ChatSocketFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** Query parameters that may carry the credential, for browsers (which cannot set headers). */
  static final List<String> TOKEN_PARAMETERS = List.of("access_token", "token");

  @Inject transient Credentials credentials;
  @Inject transient RequestLimits limits;
  @Inject transient Chats chats;
  @Inject transient AtelierConfig config;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ChatHandshake handshake;
    try {
      handshake = check(request);
    } catch (RuntimeException e) {
      refuse(request, response, ProblemMappers.translate(e));
      return;
    }
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public java.security.Principal getUserPrincipal() {
            return handshake;
          }
        },
        response);
  }

  private ChatHandshake check(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null && !originAllowed(origin)) {
      throw new ApiException(
          403, "origin_not_allowed", "Forbidden", "WebSockets may not be opened from this origin.");
    }
    Credentials.Credential credential =
        Credentials.fromHeaders(request.getHeader("X-API-Key"), request.getHeader("Authorization"))
            .or(() -> fromQuery(request))
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "Authentication is required: send a bearer token or an API key, or"
                            + " access_token=<token> in the query."));
    Credentials.Verified verified = credentials.verify(credential);
    Principal principal = credentials.principal(verified);
    if (!principal.emailVerified() && config.requireVerifiedEmail()) {
      throw AuthenticationFilter.emailNotVerified();
    }
    if (principal.twoFactorMissing()) {
      throw AuthenticationFilter.twoFactorRequired();
    }
    limits.request(principal);

    String path = request.getRequestURI().substring(request.getContextPath().length());
    String chatId =
        path.startsWith(ChatSocket.PATH_PREFIX)
            ? path.substring(ChatSocket.PATH_PREFIX.length())
            : ""; // "/api/v1/chat/ws" itself: no chat
    String runId = request.getParameter("run_id");
    long after = after(request.getParameter("after"));
    chats.requireTurn(principal.tenantId(), chatId, runId);
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      throw new ApiException(
          426,
          "upgrade_required",
          "Upgrade required",
          "This is a WebSocket endpoint: open it with a WebSocket client.",
          List.of(),
          Map.of("Upgrade", "websocket"));
    }
    return new ChatHandshake(verified, principal, chatId, runId, after);
  }

  private boolean originAllowed(String origin) {
    List<String> allowed = config.websocketOrigins();
    return allowed.isEmpty() || Origins.listed(origin, allowed);
  }

  private static Optional<Credentials.Credential> fromQuery(HttpServletRequest request) {
    for (String name : TOKEN_PARAMETERS) {
      String value = request.getParameter(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(Credentials.Credential.bearer(value.trim()));
      }
    }
    return Optional.empty();
  }

  private static long after(String value) {
    if (value == null) {
      return 0;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.validation("after", "must be the number of an event (0 or more)");
  }

  private static void refuse(
      HttpServletRequest request, HttpServletResponse response, ProblemException e)
      throws IOException {
    ServletProblems.write(response, e, request.getRequestURI());
  }
}
