package dev.atelier.plugin.api;

/**
 * Facts about this plugin API that the host and plugins compare at load time.
 *
 * @since 0.1.0
 */
public final class PluginApi {

  /**
   * The semantic version of this plugin API. A plugin's {@code Plugin-Requires} range is checked
   * against it.
   *
   * @since 0.1.0
   */
  public static final String VERSION = "0.1.0";

  private PluginApi() {}
}
