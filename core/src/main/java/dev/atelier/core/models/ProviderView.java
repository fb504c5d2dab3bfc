package dev.atelier.core.models;

/** One provider as a workspace sees it; never the key. */
public record ProviderView(
    String id,
    String name,
    String pluginId,
    boolean acceptsBaseUrl,
    boolean configured,
    String baseUrl) {}
