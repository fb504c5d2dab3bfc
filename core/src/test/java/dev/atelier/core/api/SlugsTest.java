package dev.atelier.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.web.Check;
import org.junit.jupiter.api.Test;

class SlugsTest {

  @Test
  void derivesUrlSafeSlugs() {
    assertEquals("my-first-project", Slugs.from("My First Project"));
    assertEquals("creme-brulee", Slugs.from("Crème  Brûlée!"));
    assertEquals("item", Slugs.from("!!!"));
    assertTrue(Slugs.from("x".repeat(100)).length() <= 48);
    assertTrue(Check.SLUG.matcher(Slugs.from("  --Hello--World--  ")).matches());
  }
}
