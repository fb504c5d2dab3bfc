package dev.atelier.core.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostPluginManagerTest {

  @Test
  void requiresRangesAreCheckedAgainstThePluginApi() {
    HostPluginManager m = new HostPluginManager(Path.of("target/no-plugins"), id -> null);
    assertTrue(m.admits(null));
    assertTrue(m.admits("*"));
    assertTrue(m.admits(">=1.0.0 & <2.0.0"));
    assertTrue(m.admits("^1.0"));
    assertFalse(m.admits(">=2.0.0"));
    assertFalse(m.admits("<1.0.0"));
  }
}
