package dev.atelier.test.greeter;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.RouteProvider;
import java.util.List;
import org.pf4j.Extension;

/** A third-party test plugin, compiled during the tests against the plugin API jar alone. */
@Extension
public class GreeterRoutes implements RouteProvider {

  private final PluginContext context;

  public GreeterRoutes(PluginContext context) {
    this.context = context;
  }

  @Override
  public List<Object> resources() {
    return List.of(new GreeterResource(context));
  }
}
