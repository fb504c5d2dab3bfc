package dev.atelier.plugin.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts about this plugin API that the host and plugins compare at load time.
 *
 * @since 1.0.0
 */
public final class PluginApi {

  /**
   * The semantic version of this plugin API (the artifact's version). A plugin's {@code
   * Plugin-Requires} range is checked against it.
   *
   * @since 1.0.0
   */
  public static final String VERSION = read();

  /**
   * The configuration prefix of a plugin: its keys are {@code atelier.plugin.<id>.<name>}.
   *
   * @since 1.0.0
   */
  public static final String CONFIG_PREFIX = "atelier.plugin.";

  private PluginApi() {}

  private static String read() {
    try (InputStream in = PluginApi.class.getResourceAsStream("plugin-api.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
