package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.marketplace.ProjectTemplate;
import dev.atelier.plugin.api.marketplace.ProjectTemplates;
import java.util.Optional;
import org.pf4j.Extension;

/** The marketplace's bases as project templates: {@code POST /api/v1/projects {name, base}}. */
@Extension
public class MarketplaceTemplates implements ProjectTemplates {

  private final Catalogue catalogue;

  public MarketplaceTemplates(PluginContext context) {
    this.catalogue = new Catalogue(context);
  }

  @Override
  public Optional<ProjectTemplate> template(PluginSession session, String ref) {
    return catalogue.template(session, ref);
  }

  @Override
  public void used(PluginSession session, ProjectTemplate template) {
    catalogue.installed(template.id());
  }
}
