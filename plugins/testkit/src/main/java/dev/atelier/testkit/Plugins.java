package dev.atelier.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the server says about its plugins ({@code GET /api/v1/admin/plugins}, as the superuser): a
 * first test of a plugin asserts that it loaded.
 */
public final class Plugins {

  private Plugins() {}

  /**
   * The server's entry for plugin {@code id}: {@code id}, {@code version}, {@code provider}, {@code
   * description}, {@code requires}, {@code state} ({@code STARTED}, {@code DISABLED}, {@code
   * FAILED}, {@code INCOMPATIBLE}) and {@code error}. Fails the test when the server does not list
   * it.
   */
  public static JsonNode info(String id) {
    Api.Res res = Accounts.superuser().api().get("/api/v1/admin/plugins");
    assertEquals(200, res.status(), res.toString());
    JsonNode body = res.json();
    for (JsonNode p : body.has("items") ? body.path("items") : body) {
      if (id.equals(p.path("id").asText())) {
        return p;
      }
    }
    return fail("The server does not list plugin " + id + ": " + res);
  }

  /**
   * Asserts that plugin {@code id} is {@code STARTED}; otherwise the failure shows its state and
   * error (and {@code server.log} in the test work folder has the whole story).
   */
  public static void assertStarted(String id) {
    JsonNode p = info(id);
    assertEquals("STARTED", p.path("state").asText(), p.toString());
  }
}
