package dev.atelier.core.features;

import java.util.List;
import java.util.Optional;

/**
 * The features the server offers: every started plugin is one. The plugin host implements it, so
 * that features, which the host itself asks whether a plugin is on for a tenant, need not know it.
 */
public interface FeatureCatalog {

  /** A feature: its key (the plugin's id) and what it does. */
  record Feature(String key, String description) {}

  /** The features on offer, in the order plugins were loaded. */
  List<Feature> all();

  /** The feature with this key, if it is on offer. */
  default Optional<Feature> find(String key) {
    return all().stream().filter(f -> f.key().equals(key)).findFirst();
  }
}
