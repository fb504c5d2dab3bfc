package dev.atelier.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC 2.0 error to answer a message with: its code, message and optional data. Errors of a
 * message that cannot be taken as a request at all (parse error, invalid request) go out with HTTP
 * 400; the others answer a valid request, with HTTP 200.
 */
final class JsonRpcError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  private final int code;
  private final transient JsonNode data;

  JsonRpcError(int code, String message, JsonNode data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  static JsonRpcError invalidParams(String message) {
    return new JsonRpcError(INVALID_PARAMS, message, null);
  }

  int code() {
    return code;
  }

  JsonNode data() {
    return data;
  }

  /** The HTTP status the error goes out with. */
  int httpStatus() {
    return code == PARSE_ERROR || code == INVALID_REQUEST ? 400 : 200;
  }
}
