package dev.atelier.core.ratelimit;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Fixed-window request counters, kept where {@code atelier.rate-limit.store} says: {@code auto}
 * (the default) uses Payara's Hazelcast data grid when it runs, so a limit holds across every node,
 * and counters local to the process otherwise (a single node started with {@code --nocluster}, or a
 * server without Payara's grid); {@code database} keeps them in the shared database, the portable
 * form for a cluster of WildFly or other servers; {@code local} keeps them in the process.
 */
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

  @Inject AtelierConfig config;
  @Inject Database database;

  private Counters counters;

  /** The state of one bucket after a hit or a peek. */
  public record Usage(long count, int limit, long resetSeconds, Duration window) {
    public boolean exceeded() {
      return count > limit;
    }

    public long remaining() {
      return Math.max(0, limit - count);
    }
  }

  @PostConstruct
  void init() {
    String store = config.rateLimitStore();
    counters =
        switch (store) {
          case "local" -> new LocalCounters();
          case "database" -> new DatabaseCounters(database);
          default -> {
            Counters grid = hazelcast();
            if (grid == null && "hazelcast".equals(store)) {
              LOG.warning(
                  "atelier.rate-limit.store is hazelcast, but no Hazelcast data grid runs here:"
                      + " counting in this process only");
            }
            yield grid != null ? grid : new LocalCounters();
          }
        };
    LOG.info("Rate-limit counters: " + counters.describe());
  }

  /** Payara's data grid, or null where there is none (other servers, {@code --nocluster}). */
  private static Counters hazelcast() {
    try {
      return HazelcastCounters.lookup();
    } catch (LinkageError noHazelcast) {
      return null; // the server has no Hazelcast classes
    }
  }

  /** Counts one event in {@code bucket} and returns the window's state. */
  public Usage hit(String bucket, int limit, Duration window) {
    long now = System.currentTimeMillis();
    long size = window.toMillis();
    long index = now / size;
    long count = counters.increment(bucket + "@" + index, size);
    return new Usage(count, limit, reset(now, index, size), window);
  }

  /** The window's state without counting. */
  public Usage peek(String bucket, int limit, Duration window) {
    long now = System.currentTimeMillis();
    long size = window.toMillis();
    long index = now / size;
    return new Usage(counters.get(bucket + "@" + index), limit, reset(now, index, size), window);
  }

  /**
   * Notes that {@code key} happened, for {@code ttl}, in the same store as the counters (so
   * cluster-wide where they are): for short-lived marks other than rate limits, such as ended
   * sessions.
   */
  public void mark(String key, Duration ttl) {
    counters.increment("mark:" + key, ttl.toMillis());
  }

  /** Whether {@code key} was {@link #mark marked} and its mark has not expired. */
  public boolean marked(String key) {
    return counters.get("mark:" + key) > 0;
  }

  private static long reset(long now, long index, long size) {
    return Math.max(1, ((index + 1) * size - now + 999) / 1000);
  }

  /** Where counters are kept. */
  interface Counters {
    long increment(String key, long ttlMillis);

    long get(String key);

    String describe();
  }
}
