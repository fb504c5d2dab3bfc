package dev.atelier.core.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;

/**
 * The streaming operations ({@code GET /api/v1/runs/{id}/events}, {@code POST /api/v1/chat/stream})
 * answer server-sent events whatever the {@code Accept} header asks for. Without this, JAX-RS would
 * answer a client that accepts only JSON with 406 while matching the resource, before
 * authentication, validation or the lookup: the client would learn nothing about its credential,
 * its input or the run. The errors themselves remain problem+json.
 */
@Provider
@PreMatching
@Priority(110)
public class EventStreamAccept implements ContainerRequestFilter {

  static final Pattern STREAMS = Pattern.compile("^/?api/v1/(?:runs/[^/]+/events|chat/stream)/?$");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!STREAMS.matcher(request.getUriInfo().getPath()).matches()) {
      return;
    }
    String accept = request.getHeaderString(HttpHeaders.ACCEPT);
    if (accept == null
        || accept.isBlank()
        || accept.contains(MediaType.SERVER_SENT_EVENTS)
        || accept.contains("*/*")) {
      return;
    }
    request
        .getHeaders()
        .putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS + ", " + accept);
  }
}
