package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.AppServers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code atelier.war} on WildFly 39 (Jakarta EE 11, Hibernate as its JPA provider, no Hazelcast):
 * rate limits in the portable form, counters in the database.
 */
class WildFlyIT extends AppServerSuite {

  WildFlyIT() {
    super(
        AppServers.Kind.WILDFLY,
        Map.of(
            "ATELIER_RATE_LIMIT_STORE",
            "database",
            "ATELIER_RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT",
            "3"));
  }

  @Test
  void failedSignInsAreCountedInTheDatabase() {
    Session dora = Accounts.newUser(agentsAnon(), "dora");
    for (int i = 0; i < 3; i++) {
      assertProblem(
          agentsAnon().post("/api/v1/auth/login", Map.of("email", dora.email(), "password", "no")),
          401,
          "unauthorized");
    }
    assertProblem(
        agentsAnon()
            .post(
                "/api/v1/auth/login", Map.of("email", dora.email(), "password", Accounts.PASSWORD)),
        429,
        "rate_limited");
  }
}
