package dev.atelier.core.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A client that accepts {@code application/problem+json} (alone, or first) says how it reads
 * errors, not that it refuses the JSON of a success: such a request also accepts {@code
 * application/json}, at a lower quality, so that it is answered 200 with JSON rather than 406 while
 * its errors stay problem+json.
 */
@Provider
@PreMatching
@Priority(105)
public class ProblemAccept implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String accept = request.getHeaderString(HttpHeaders.ACCEPT);
    String widened = widen(accept);
    if (widened != null) {
      request.getHeaders().putSingle(HttpHeaders.ACCEPT, widened);
    }
  }

  /** The Accept header with {@code application/json} added, or null when it needs none. */
  static String widen(String accept) {
    if (accept == null) {
      return null;
    }
    String lower = accept.toLowerCase(java.util.Locale.ROOT);
    if (!lower.contains(Problem.MEDIA_TYPE)
        || lower.contains(MediaType.APPLICATION_JSON)
        || lower.contains("*/*")
        || lower.contains("application/*")) {
      return null;
    }
    return accept + ", " + MediaType.APPLICATION_JSON + ";q=0.9";
  }
}
