package dev.atelier.core.mcp;

/** A JSON-RPC 2.0 message, as the document describes it. */
public record JsonRpcMessage(
    String jsonrpc, Object id, String method, Object params, Object result, Object error) {}
