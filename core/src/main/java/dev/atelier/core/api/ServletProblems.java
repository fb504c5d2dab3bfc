package dev.atelier.core.api;

import dev.atelier.plugin.api.web.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Problem responses written straight to the servlet response, for what answers before JAX-RS does
 * (request limits, the chat WebSocket's handshake) or instead of it (the container's own errors).
 */
public final class ServletProblems {

  private ServletProblems() {}

  /** Writes {@code e} as {@code application/problem+json}, with its headers. */
  public static void write(HttpServletResponse response, ProblemException e, String instance)
      throws IOException {
    response.resetBuffer();
    response.setStatus(e.status());
    e.headers().forEach(response::setHeader);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JsonConfig.jsonb().toJson(Problem.of(e, instance)));
  }
}
