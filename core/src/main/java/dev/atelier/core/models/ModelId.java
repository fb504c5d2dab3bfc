package dev.atelier.core.models;

import dev.atelier.core.api.Slugs;
import java.util.Optional;

/**
 * A model as agents name it, {@code <provider>:<model>}: the provider id (lowercase letters, digits
 * and dashes) before the first colon, the provider's own model name after it. The name may hold
 * dots, colons and slashes ({@code openai:llama3.1:8b}, {@code openai:meta-llama/Llama-3-8B}).
 */
public record ModelId(String provider, String name) {

  /** The model id in {@code text}, or empty when it is not {@code <provider>:<model>}. */
  public static Optional<ModelId> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    int colon = t.indexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      return Optional.empty();
    }
    String provider = t.substring(0, colon);
    String name = t.substring(colon + 1);
    if (!Slugs.isSlug(provider) || name.isBlank() || name.length() > 256) {
      return Optional.empty();
    }
    return Optional.of(new ModelId(provider, name));
  }

  @Override
  public String toString() {
    return provider + ":" + name;
  }
}
