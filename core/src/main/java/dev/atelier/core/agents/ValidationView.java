package dev.atelier.core.agents;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of validate: whether the spec is valid, its name, and what is wrong with it. */
public record ValidationView(
    boolean valid, @Schema(nullable = true) String name, List<SpecError> errors) {}
