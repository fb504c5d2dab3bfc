package dev.atelier.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.atelier.client.model.Problem;
import java.util.Optional;

/**
 * The problem document ({@code application/problem+json}, RFC 9457) of a failed call, typed: every
 * error of the API carries one, with a stable {@link Problem#getCode() code} and, on 422, the field
 * {@link Problem#getErrors() errors}.
 *
 * <pre>{@code
 * try {
 *   projects.getProject(id);
 * } catch (ApiException e) {
 *   Problem p = Problems.of(e).orElseThrow();
 *   if ("not_found".equals(p.getCode())) { ... }
 * }
 * }</pre>
 */
public final class Problems {

  private Problems() {}

  /**
   * The problem {@code e} answered with; empty when the call failed before an answer (a network
   * error) or the answer was not a problem document.
   */
  public static Optional<Problem> of(ApiException e) {
    String body = e.getResponseBody();
    if (e.getCode() == 0 || body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      Problem p = JSON.getDefault().getMapper().readValue(body, Problem.class);
      return p.getCode() == null ? Optional.empty() : Optional.of(p);
    } catch (JsonProcessingException notAProblem) {
      return Optional.empty();
    }
  }
}
