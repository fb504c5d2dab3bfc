package dev.atelier.core.plugins;

import java.util.function.Supplier;

/**
 * The plugin session of the call in progress on this thread: set around a plugin route (by {@link
 * PluginRouteFilter}), an event delivery, a webhook or scheduled work, and read by {@link
 * dev.atelier.plugin.api.PluginContext#session()}.
 */
final class PluginSessions {

  private static final ThreadLocal<HostPluginSession> CURRENT = new ThreadLocal<>();

  private PluginSessions() {}

  static HostPluginSession current() {
    return CURRENT.get();
  }

  static void enter(HostPluginSession session) {
    CURRENT.set(session);
  }

  static void exit() {
    CURRENT.remove();
  }

  /** Runs {@code work} with {@code session} current, then puts back what was current before. */
  static <T> T with(HostPluginSession session, Supplier<T> work) {
    HostPluginSession before = CURRENT.get();
    CURRENT.set(session);
    try {
      return work.get();
    } finally {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    }
  }
}
