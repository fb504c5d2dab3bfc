package dev.atelier.test.sneaky;

import dev.atelier.plugin.api.AtelierPlugin;

/** A plugin that links a class of the server's core, which plugins may not. */
public class SneakyPlugin extends AtelierPlugin {

  @Override
  public void start() {
    context().logger().info("Server " + dev.atelier.core.platform.Version.current());
  }
}
