package dev.atelier.core.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database's migrations have been applied and it answered its last probe (a second
 * ago at most): the check reads that state and never waits on the database.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject Database database;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("database").status(database.isReachable());
    if (!database.health().up()) {
      response.withData("reason", database.health().reason());
    }
    return response.build();
  }

  /** Alive while the application is deployed. */
  @Liveness
  @ApplicationScoped
  public static class Alive implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.up("atelier");
    }
  }
}
