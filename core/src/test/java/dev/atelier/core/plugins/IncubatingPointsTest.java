package dev.atelier.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.plugin.api.event.EventListener;
import dev.atelier.plugin.api.git.GitProvider;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IncubatingPointsTest {

  private interface MoreGit extends GitProvider {}

  private abstract static class Both implements MoreGit, EventListener {}

  private abstract static class Inherited extends Both {}

  private abstract static class Stable implements EventListener {}

  @Test
  void findsIncubatingPointsThroughInterfacesAndSuperclasses() {
    Set<String> git = new TreeSet<>(List.of(GitProvider.class.getName()));
    assertEquals(git, PluginLifecycle.incubatingPoints(Both.class));
    assertEquals(git, PluginLifecycle.incubatingPoints(Inherited.class));
    assertEquals(git, PluginLifecycle.incubatingPoints(MoreGit.class));
  }

  @Test
  void stableExtensionPointsAreNotReported() {
    assertEquals(Set.of(), PluginLifecycle.incubatingPoints(Stable.class));
    assertEquals(Set.of(), PluginLifecycle.incubatingPoints(Object.class));
  }
}
