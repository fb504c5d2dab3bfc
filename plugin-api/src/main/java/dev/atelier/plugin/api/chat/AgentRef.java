package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;
import java.util.List;

/**
 * An agent of the workspace, as a chat integration offers it.
 *
 * @param name its name, unique in the workspace
 * @param description what it is for, or null
 * @param labels what it is labelled with
 * @since 1.1.0
 */
@Incubating
public record AgentRef(String name, String description, List<String> labels) {

  public AgentRef {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
