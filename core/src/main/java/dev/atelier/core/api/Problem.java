package dev.atelier.core.api;

import dev.atelier.plugin.api.web.FieldError;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.List;

/** The RFC 9457 problem document every error response carries. */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String code,
    String instance,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(ProblemException e, String instance) {
    return new Problem(
        "https://atelier.dev/problems/" + e.code().replace('_', '-'),
        e.title(),
        e.status(),
        e.getMessage(),
        e.code(),
        instance,
        e.errors());
  }
}
