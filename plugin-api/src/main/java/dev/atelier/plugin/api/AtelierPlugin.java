package dev.atelier.plugin.api;

import org.pf4j.Plugin;

/**
 * The optional main class of a plugin ({@code Plugin-Class} in its manifest). Life cycle: the host
 * creates it once with the no-argument constructor, hands it its context through {@link
 * #init(PluginContext)}, calls {@link #start()} before it serves any request and {@link #stop()} at
 * shutdown. An exception from {@code init} or {@code start} leaves the plugin {@code FAILED} with
 * that error and the server running without it.
 *
 * <p>A plugin that needs no start-up work can omit its main class: its extensions still load.
 *
 * @since 1.0.0
 */
public abstract class AtelierPlugin extends Plugin {

  private volatile PluginContext context;

  /**
   * Receives the plugin's context; called once by the host, before {@link #start()}. Override to
   * read configuration, calling {@code super.init(context)} first.
   */
  public void init(PluginContext context) {
    this.context = context;
  }

  /** The context given to {@link #init(PluginContext)}. */
  protected final PluginContext context() {
    if (context == null) {
      throw new IllegalStateException("The plugin has not been initialised");
    }
    return context;
  }
}
