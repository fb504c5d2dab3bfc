package dev.atelier.core.mcp;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A JSON-RPC 2.0 message, as the document describes it: a request has {@code method} (and {@code
 * id} unless it is a notification), a response {@code id} and {@code result} or {@code error};
 * members a message does not have are left out, not written as null.
 */
@Schema(requiredProperties = {"jsonrpc"})
public record JsonRpcMessage(
    String jsonrpc, Object id, String method, Object params, Object result, Object error) {}
