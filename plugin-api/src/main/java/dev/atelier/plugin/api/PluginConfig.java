package dev.atelier.plugin.api;

import java.util.Optional;

/**
 * A plugin's configuration: the MicroProfile Config keys {@code atelier.plugin.<id>.<name>}, so
 * each can be given as a system property or an environment variable ({@code
 * ATELIER_PLUGIN_<ID>_<NAME>}). Names here are given without the prefix.
 *
 * @since 1.0.0
 */
public interface PluginConfig {

  /** The value of {@code atelier.plugin.<id>.<name>}, if set. */
  Optional<String> get(String name);

  /** The value, or {@code fallback} when unset. */
  default String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /** The value as an int, or {@code fallback} when unset; throws when not a number. */
  default int getInt(String name, int fallback) {
    return get(name).map(String::trim).map(Integer::parseInt).orElse(fallback);
  }

  /** The value as a boolean ({@code true}/{@code false}), or {@code fallback} when unset. */
  default boolean getBoolean(String name, boolean fallback) {
    return get(name).map(String::trim).map(Boolean::parseBoolean).orElse(fallback);
  }
}
