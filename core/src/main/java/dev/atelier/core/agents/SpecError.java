package dev.atelier.core.agents;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One problem with an agent spec.
 *
 * @param location a JSON Pointer (RFC 6901) to the value at fault, such as {@code /tools/2}; the
 *     empty string for the whole document
 * @param line the 1-based line in the source text, when known
 * @param column the 1-based column in the source text, when known
 * @param message what is wrong, as a sentence fragment ("must be at most 100")
 */
public record SpecError(
    String location,
    @Schema(nullable = true) Integer line,
    @Schema(nullable = true) Integer column,
    String message) {

  static SpecError at(String location, SpecDocument.Position position, String message) {
    return position == null
        ? new SpecError(location, null, null, message)
        : new SpecError(location, position.line(), position.column(), message);
  }
}
