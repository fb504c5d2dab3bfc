package dev.atelier.core.agents;

import java.util.List;

/**
 * The outcome of validating one spec.
 *
 * @param name the spec's {@code name} when it is a string (even an invalid one), else null
 * @param spec the spec with its defaults when it is valid, else null
 * @param errors what is wrong, in source order; empty when valid
 */
record SpecValidation(String name, AgentSpec spec, List<SpecError> errors) {

  boolean valid() {
    return errors.isEmpty();
  }
}
