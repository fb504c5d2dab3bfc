package dev.atelier.core.agents;

/**
 * One problem with an agent spec.
 *
 * @param location a JSON Pointer (RFC 6901) to the value at fault, such as {@code /tools/2}; the
 *     empty string for the whole document
 * @param line the 1-based line in the source text, when known
 * @param column the 1-based column in the source text, when known
 * @param message what is wrong, as a sentence fragment ("must be at most 100")
 */
public record SpecError(String location, Integer line, Integer column, String message) {

  static SpecError at(String location, SpecDocument.Position position, String message) {
    return position == null
        ? new SpecError(location, null, null, message)
        : new SpecError(location, position.line(), position.column(), message);
  }
}
