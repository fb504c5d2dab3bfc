package dev.atelier.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.atelier.plugin.api.web.RouteProvider;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PluginRoutesTest {

  @Path("api/v1/kanban")
  public static class Kanban {}

  @Path("api/v1/kanban/{board}")
  public static class KanbanBoard {}

  @Path("api/v1/projects/{id}/boards")
  public static class UnderProjects {}

  @Path("kanban")
  public static class OutsideApi {}

  public static class NoPath {}

  @Path("api/v1/admin/kanban")
  public static class KanbanAdmin {}

  @Path("api/v1/admin/boards")
  public static class BoardsAdmin {}

  @Path("api/v1/admin")
  public static class AdminRoot {}

  @Path("api/v1/admin/kanban")
  public static class PublicAdmin {
    @jakarta.ws.rs.GET
    @dev.atelier.plugin.api.web.PublicRoute
    public String get() {
      return "";
    }
  }

  private static HostedPlugin plugin(String id, Object... routes) {
    HostedPlugin p = new HostedPlugin(id, "1.0.0", null, null, null, id + ".zip", false);
    p.routes = List.of(routes);
    return p;
  }

  private static List<RouteProvider> providing(Object... resources) {
    return List.of(() -> List.of(resources));
  }

  @Test
  void routesMustSitUnderApiV1() {
    assertEquals("kanban", PluginRoutes.firstSegment("api/v1/kanban"));
    assertEquals("kanban", PluginRoutes.firstSegment("/api/v1/kanban/{id}"));
    assertNull(PluginRoutes.firstSegment("kanban"));
    assertNull(PluginRoutes.firstSegment("api/v2/kanban"));
    assertNull(PluginRoutes.firstSegment("api/v1/"));
    assertNull(PluginRoutes.firstSegment("api/v1/{anything}"));
    assertTrue(PluginRoutes.CORE_SEGMENTS.contains("projects"));
  }

  @Test
  void everyCoreResourceSegmentIsReservedFromPlugins() {
    Set<String> unreserved = new TreeSet<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atelier.core")) {
      if (c.isAnnotatedWith(Path.class)) {
        String segment = PluginRoutes.firstSegment(c.getAnnotationOfType(Path.class).value());
        if (segment != null
            && !segment.equals("billing")
            && !PluginRoutes.CORE_SEGMENTS.contains(segment)) {
          unreserved.add(segment + " (" + c.getSimpleName() + ")");
        }
      }
    }
    assertEquals(Set.of(), unreserved, "core paths a plugin could take");
  }

  @Test
  void aPluginKeepsItsOwnSegmentAcrossResources() {
    HostedPlugin p = plugin("kanban");
    Kanban k = new Kanban();
    KanbanBoard b = new KanbanBoard();
    assertEquals(List.of(k, b), PluginRoutes.collect(p, providing(k, b), List.of(p)));
  }

  @Test
  void routesOutsideTheApiOrOnACorePathOrAnotherPluginsAreRefused() {
    HostedPlugin p = plugin("boards");
    HostedPlugin other = plugin("kanban", new Kanban());
    assertThrows(
        IllegalStateException.class,
        () -> PluginRoutes.collect(p, providing(new NoPath()), List.of()));
    assertThrows(
        IllegalStateException.class,
        () -> PluginRoutes.collect(p, providing(new OutsideApi()), List.of()));
    assertThrows(
        IllegalStateException.class,
        () -> PluginRoutes.collect(p, providing(new UnderProjects()), List.of()));
    IllegalStateException taken =
        assertThrows(
            IllegalStateException.class,
            () -> PluginRoutes.collect(p, providing(new KanbanBoard()), List.of(other, p)));
    assertTrue(taken.getMessage().contains("taken by plugin kanban"), taken.getMessage());
  }

  @Test
  void aPluginMayTakeItsOwnAdminPrefixOnly() {
    assertEquals("admin/kanban", PluginRoutes.routeKey("api/v1/admin/kanban/items/{id}"));
    assertEquals("admin", PluginRoutes.routeKey("api/v1/admin"));
    assertEquals("kanban", PluginRoutes.routeKey("api/v1/kanban"));
    assertTrue(PluginRoutes.adminRoute(KanbanAdmin.class));
    assertTrue(!PluginRoutes.adminRoute(Kanban.class));
    HostedPlugin p = plugin("kanban");
    Kanban k = new Kanban();
    KanbanAdmin a = new KanbanAdmin();
    assertEquals(List.of(k, a), PluginRoutes.collect(p, providing(k, a), List.of(p)));
    // another plugin's admin prefix, the admin root, a public admin route: refused
    for (Object refused : List.of(new BoardsAdmin(), new AdminRoot(), new PublicAdmin())) {
      assertThrows(
          IllegalStateException.class,
          () -> PluginRoutes.collect(p, providing(refused), List.of()),
          refused.getClass().getSimpleName());
    }
    // two plugins' admin prefixes do not clash
    HostedPlugin boards = plugin("boards", new BoardsAdmin());
    assertEquals(List.of(a), PluginRoutes.collect(p, providing(a), List.of(boards, p)));
  }
}
