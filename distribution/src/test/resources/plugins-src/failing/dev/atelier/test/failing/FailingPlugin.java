package dev.atelier.test.failing;

import dev.atelier.plugin.api.AtelierPlugin;

/** A plugin whose start fails. */
public class FailingPlugin extends AtelierPlugin {

  @Override
  public void start() {
    throw new IllegalStateException("cannot reach the moon");
  }
}
