package dev.atelier.core.plugins;

import dev.atelier.core.features.FeatureCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The features on offer: one per started plugin, keyed by the plugin's id. */
@ApplicationScoped
public class PluginFeatures implements FeatureCatalog {

  @Inject PluginLifecycle plugins;

  @Override
  public List<Feature> all() {
    return plugins.plugins().stream()
        .filter(HostedPlugin::started)
        .map(p -> new Feature(p.id(), p.description()))
        .toList();
  }
}
