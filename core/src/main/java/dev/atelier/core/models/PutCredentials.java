package dev.atelier.core.models;

/** New credentials: the API key and, where the provider accepts one, a base URL. */
public record PutCredentials(String apiKey, String baseUrl) {}
