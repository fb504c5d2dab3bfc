package dev.atelier.core.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A parsed spec: its JSON tree and where each value (by JSON Pointer) starts in the source text.
 * For an object member the position is that of its key.
 */
record SpecDocument(JsonNode root, Map<String, Position> positions) {

  /** The most digits a number may have before or after its decimal point. */
  static final int MAX_DIGITS = 1000;

  static final String OUT_OF_RANGE = "is a number out of range";

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  /** A 1-based line and column. */
  record Position(int line, int column) {}

  /** The position of {@code pointer}, or of its nearest ancestor that has one; null if none. */
  Position near(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Position found = positions.get(p);
      if (found != null || p.isEmpty()) {
        return found;
      }
    }
  }

  /**
   * Whether {@code n} is small enough to compare and convert cheaply: {@code 1e999999999} is a
   * valid number whose exact integer value alone would take hundreds of megabytes.
   */
  static boolean inRange(BigDecimal n) {
    return n.scale() <= MAX_DIGITS && (long) n.precision() - n.scale() <= MAX_DIGITS;
  }

  /** {@code n} as a JSON number: an integer node when it is whole, else an exact decimal. */
  static JsonNode number(BigDecimal n) {
    if (n.scale() <= 0) {
      return NODES.numberNode(n.toBigIntegerExact());
    }
    return NODES.numberNode(n);
  }

  /** {@code token} escaped for use as one JSON Pointer segment. */
  static String segment(String token) {
    return "/" + token.replace("~", "~0").replace("/", "~1");
  }
}
