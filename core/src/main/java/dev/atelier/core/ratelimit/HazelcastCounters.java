package dev.atelier.core.ratelimit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Counters in Payara's Hazelcast data grid ({@code payara/Hazelcast}), shared by every node of the
 * cluster. Values are plain {@code Long}s updated by compare-and-set, so no class of ours has to be
 * known to the grid's members.
 */
final class HazelcastCounters implements RateLimiter.Counters {

  private static final Logger LOG = Logger.getLogger(HazelcastCounters.class.getName());
  private static final String MAP = "atelier-rate-limits";

  private final HazelcastInstance hazelcast;
  private final IMap<String, Long> map;
  private final LocalCounters alone = new LocalCounters();

  private HazelcastCounters(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(MAP);
  }

  private boolean clustered() {
    return hazelcast.getCluster().getMembers().size() > 1;
  }

  /** The grid's counters, or null when Payara's Hazelcast is not available or not running. */
  static HazelcastCounters lookup() {
    try {
      Object found = new InitialContext().lookup("payara/Hazelcast");
      if (found instanceof HazelcastInstance hz && hz.getLifecycleService().isRunning()) {
        return new HazelcastCounters(hz);
      }
    } catch (NamingException | RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Hazelcast is not available", e);
    }
    return null;
  }

  @Override
  public long increment(String key, long ttlMillis) {
    if (!clustered()) {
      return alone.increment(key, ttlMillis);
    }
    while (true) {
      Long current = map.get(key);
      if (current == null) {
        if (map.putIfAbsent(key, 1L, ttlMillis, TimeUnit.MILLISECONDS) == null) {
          return 1;
        }
      } else if (map.replace(key, current, current + 1)) {
        return current + 1;
      }
    }
  }

  @Override
  public long get(String key) {
    if (!clustered()) {
      return alone.get(key);
    }
    Long v = map.get(key);
    return v == null ? 0 : v;
  }

  @Override
  public String describe() {
    return "Hazelcast map " + MAP + " (cluster-wide; local while this node is alone)";
  }
}
