package dev.atelier.plugins.marketplace;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A fork's agent name in the caller's workspace; the spec's own name when absent. */
public record ForkRequest(
    @Schema(description = "The new agent's name", nullable = true) String name) {}
