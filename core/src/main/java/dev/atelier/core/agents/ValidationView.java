package dev.atelier.core.agents;

import java.util.List;

/** The answer of validate: whether the spec is valid, its name, and what is wrong with it. */
public record ValidationView(boolean valid, String name, List<SpecError> errors) {}
