package dev.atelier.core.agents;

/**
 * A spec that cannot be read at all (bad syntax, a refused construct, a limit exceeded); carries
 * the one error to report. Thrown and caught inside this package only.
 */
final class SpecSyntaxException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient SpecError error;

  SpecSyntaxException(SpecError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  SpecSyntaxException(String message, SpecDocument.Position position) {
    this(SpecError.at("", position, message));
  }

  SpecError error() {
    return error;
  }
}
