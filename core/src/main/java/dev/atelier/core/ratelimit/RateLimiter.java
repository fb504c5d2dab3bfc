package dev.atelier.core.ratelimit;

import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Fixed-window request counters. On Payara with clustering on, the counters live in Hazelcast's
 * data grid, so a limit holds across every node; otherwise (a single node started with {@code
 * --nocluster}, or another server) they are local to the process.
 */
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

  @Inject AtelierConfig config;

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
    Counters clustered = config.clusteredRateLimits() ? HazelcastCounters.lookup() : null;
    counters = clustered != null ? clustered : new LocalCounters();
    LOG.info("Rate-limit counters: " + counters.describe());
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
