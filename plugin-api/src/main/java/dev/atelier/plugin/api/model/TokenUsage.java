package dev.atelier.plugin.api.model;

/**
 * Tokens a model call consumed.
 *
 * @since 1.0.0
 */
public record TokenUsage(long input, long output) {

  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(input + other.input, output + other.output);
  }
}
