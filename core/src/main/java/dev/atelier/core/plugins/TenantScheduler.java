package dev.atelier.core.plugins;

import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.schedule.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;

/** Runs a plugin's work later in one tenant, each run in a fresh session. */
final class TenantScheduler implements Scheduler {

  private final HostPluginContext context;
  private final String tenantId;

  TenantScheduler(HostPluginContext context, String tenantId) {
    this.context = context;
    this.tenantId = tenantId;
  }

  @Override
  public Scheduled later(Duration delay, Consumer<PluginSession> work) {
    ScheduledFuture<?> f =
        context
            .services()
            .scheduledExecutor()
            .schedule(() -> run(work), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Scheduled every(Duration period, Consumer<PluginSession> work) {
    long ms = period.toMillis();
    if (ms < 1000) {
      throw new IllegalArgumentException("The period is at least one second");
    }
    ScheduledFuture<?> f =
        context
            .services()
            .scheduledExecutor()
            .scheduleAtFixedRate(() -> run(work), ms, ms, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  private void run(Consumer<PluginSession> work) {
    if (!context.plugin().started()
        || !context.services().features().enabled(tenantId, context.pluginId())) {
      return;
    }
    try {
      HostPluginSession session = new HostPluginSession(context, tenantId, null);
      PluginSessions.with(
          session,
          () -> {
            work.accept(session);
            return null;
          });
    } catch (RuntimeException e) {
      context.logger().log(Level.WARNING, "Scheduled work failed in tenant " + tenantId, e);
    }
  }
}
