package dev.atelier.core.platform;

import dev.atelier.core.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers and its migrations have been applied. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject Database database;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("database").status(database.isReachable()).build();
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
