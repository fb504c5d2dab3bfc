package dev.atelier.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PluginRoutesTest {

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
}
