package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.RouteProvider;
import java.util.List;
import org.pf4j.Extension;

/**
 * The marketplace routes under {@code /api/v1/marketplace}, the creator dashboard under {@code
 * /api/v1/creators} and its moderation under {@code /api/v1/admin/marketplace}.
 */
@Extension
public class MarketplaceRoutes implements RouteProvider {

  private final PluginContext context;

  public MarketplaceRoutes(PluginContext context) {
    this.context = context;
  }

  @Override
  public List<Object> resources() {
    Catalogue catalogue = new Catalogue(context);
    return List.of(
        new MarketplaceResource(context, catalogue),
        new MarketplaceAdminResource(context, catalogue),
        new CreatorsResource(context, catalogue));
  }
}
