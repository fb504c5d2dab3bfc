package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.RouteProvider;
import java.util.List;
import org.pf4j.Extension;

/** The routes under {@code /api/v1/slack-apps}. */
@Extension
public class SlackRoutes implements RouteProvider {

  private final PluginContext context;

  public SlackRoutes(PluginContext context) {
    this.context = context;
  }

  @Override
  public List<Object> resources() {
    return List.of(new SlackAppsResource(new SlackApps(context)));
  }
}
