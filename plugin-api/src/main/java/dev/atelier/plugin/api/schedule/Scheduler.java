package dev.atelier.plugin.api.schedule;

import dev.atelier.plugin.api.PluginSession;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs a plugin's background work in the scheduling session's tenant, on the server's managed
 * executor, each time in a fresh session. Work is skipped while the plugin is switched off for the
 * tenant; an exception is logged. Scheduled work lives in memory on this node: durable work belongs
 * in the plugin's tables.
 *
 * @since 1.0.0
 */
public interface Scheduler {

  /** A scheduled piece of work. */
  interface Scheduled {
    /** Stops further runs; one in progress finishes. */
    void cancel();
  }

  /** Runs {@code work} once after {@code delay}. */
  Scheduled later(Duration delay, Consumer<PluginSession> work);

  /** Runs {@code work} every {@code period} (at least one second), the first time after one. */
  Scheduled every(Duration period, Consumer<PluginSession> work);
}
