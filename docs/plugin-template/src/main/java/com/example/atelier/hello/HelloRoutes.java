package com.example.atelier.hello;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.RouteProvider;
import java.util.List;
import org.pf4j.Extension;

/**
 * The plugin's REST routes. {@code @Extension} puts this class into {@code META-INF/extensions.idx}
 * at compile time; the host creates it once, handing it the plugin's context.
 */
@Extension
public class HelloRoutes implements RouteProvider {

  private final PluginContext context;

  /** Called by the host with this plugin's context. */
  public HelloRoutes(PluginContext context) {
    this.context = context;
  }

  @Override
  public List<Object> resources() {
    return List.of(new HelloResource(context));
  }
}
