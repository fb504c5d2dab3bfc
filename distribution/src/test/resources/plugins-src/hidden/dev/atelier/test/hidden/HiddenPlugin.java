package dev.atelier.test.hidden;

import dev.atelier.plugin.api.AtelierPlugin;

/** A plugin that uses a library of the server (HikariCP) without bundling it. */
public class HiddenPlugin extends AtelierPlugin {

  @Override
  public void start() {
    context().logger().info("Pool " + new com.zaxxer.hikari.HikariConfig());
  }
}
