package dev.atelier.core.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's version, as the build wrote it into {@code atelier-version.properties}. */
public final class Version {

  private static final String VALUE = load();

  private Version() {}

  public static String current() {
    return VALUE;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/atelier-version.properties")) {
      if (in == null) {
        return "development";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "development");
    } catch (IOException e) {
      return "development";
    }
  }
}
