package com.example.atelier.hello;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierTest;
import dev.atelier.testkit.Features;
import dev.atelier.testkit.Plugins;
import org.junit.jupiter.api.Test;

/** The plugin on a real server: loaded, answering, behind auth and the feature switch. */
@AtelierTest
class HelloIT {

  @Test
  void theServerStartedThePlugin() {
    Plugins.assertStarted("hello");
  }

  @Test
  void greetsTheCallersWorkspace() {
    Session ada = Accounts.newUser("ada");
    Api.Res res = ada.api().get("/api/v1/hello");
    assertEquals(200, res.status(), res.toString());
    assertEquals("Hello, " + ada.email(), res.json().path("message").asText());
    assertEquals(ada.tenantId(), res.json().path("tenant_id").asText());
  }

  @Test
  void needsASignedInCaller() {
    assertProblem(Api.anonymous().get("/api/v1/hello"), 401, "unauthorized");
  }

  @Test
  void answersFeatureDisabledWhereATenantSwitchedItOff() {
    Session ada = Accounts.newUser("ada");
    Session other = Accounts.newUser("bob"); // the other tenant
    Features.setForTenant(ada, "hello", false);
    assertProblem(ada.api().get("/api/v1/hello"), 403, "feature_disabled");
    assertEquals(200, other.api().get("/api/v1/hello").status());
  }
}
