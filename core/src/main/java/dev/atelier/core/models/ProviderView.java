package dev.atelier.core.models;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One provider as a workspace sees it; never the key. */
public record ProviderView(
    String id,
    String name,
    String pluginId,
    boolean acceptsBaseUrl,
    boolean configured,
    @Schema(nullable = true) String baseUrl) {}
