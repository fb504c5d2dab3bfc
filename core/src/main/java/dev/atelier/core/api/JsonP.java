package dev.atelier.core.api;

import jakarta.json.spi.JsonProvider;

/**
 * The server's JSON Processing implementation, looked up once. Every {@code jakarta.json.Json}
 * factory method looks the provider up again (a service-loader scan of the class path, reading jar
 * entries): with 200 chats streaming, those lookups took a quarter of the server's CPU time. Core
 * code builds and parses JSON-P values through {@link #JSON} instead ({@code JsonPTest} keeps it
 * so).
 */
public final class JsonP {

  public static final JsonProvider JSON = JsonProvider.provider();

  private JsonP() {}
}
