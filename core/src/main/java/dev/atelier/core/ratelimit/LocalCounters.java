package dev.atelier.core.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters in this process only, dropped once their window has passed. */
final class LocalCounters implements RateLimiter.Counters {

  private record Entry(AtomicLong count, long expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile long nextSweep;

  @Override
  public long increment(String key, long ttlMillis) {
    long now = System.currentTimeMillis();
    sweep(now);
    return entries
        .computeIfAbsent(key, k -> new Entry(new AtomicLong(), now + ttlMillis))
        .count()
        .incrementAndGet();
  }

  @Override
  public long get(String key) {
    Entry e = entries.get(key);
    return e == null ? 0 : e.count().get();
  }

  private void sweep(long now) {
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + 10_000;
    entries.values().removeIf(e -> e.expiresAt() < now);
  }

  @Override
  public String describe() {
    return "local to this node";
  }
}
