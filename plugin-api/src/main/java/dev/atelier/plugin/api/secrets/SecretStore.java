package dev.atelier.plugin.api.secrets;

import java.util.Optional;
import java.util.Set;

/**
 * Secrets of one plugin in one tenant (provider credentials, tokens), encrypted at rest with the
 * server's master key and bound to plugin, tenant and name. Names are 1-128 letters, digits, dots,
 * dashes or underscores; values at most 64 KiB.
 *
 * @since 1.0.0
 */
public interface SecretStore {

  /** The value of {@code name}, if set. */
  Optional<String> get(String name);

  /** Sets {@code name} to {@code value}, replacing any earlier value. */
  void put(String name, String value);

  /** Removes {@code name}; whether it was there. */
  boolean delete(String name);

  /** The names of the plugin's secrets in this tenant. */
  Set<String> names();
}
