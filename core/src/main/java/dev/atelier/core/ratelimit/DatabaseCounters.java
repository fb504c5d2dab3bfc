package dev.atelier.core.ratelimit;

import dev.atelier.core.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counters in the {@code rate_counters} table, shared by every node of the database: the portable
 * form of cluster-wide limits, for application servers without Payara's data grid. Each hit is one
 * atomic upsert (one round trip); expired rows are swept at most once a minute by whichever node
 * counts then. When the database cannot count, the hit is let through rather than failing the
 * request: limits protect the server, they must not take it down with the database.
 */
final class DatabaseCounters implements RateLimiter.Counters {

  private static final Logger LOG = Logger.getLogger(DatabaseCounters.class.getName());
  private static final long SWEEP_MS = 60_000;

  private static final String POSTGRES_INCREMENT =
      "INSERT INTO rate_counters (counter_key, hits, expires_at) VALUES (?, 1, ?)"
          + " ON CONFLICT (counter_key) DO UPDATE SET hits = rate_counters.hits + 1"
          + " RETURNING hits";
  private static final String H2_INCREMENT =
      "SELECT hits FROM FINAL TABLE (MERGE INTO rate_counters t"
          + " USING (VALUES (CAST(? AS VARCHAR(400)), CAST(? AS TIMESTAMP WITH TIME ZONE)))"
          + " s (k, e) ON t.counter_key = s.k"
          + " WHEN MATCHED THEN UPDATE SET hits = t.hits + 1"
          + " WHEN NOT MATCHED THEN INSERT (counter_key, hits, expires_at) VALUES (s.k, 1, s.e))";

  private final Database database;
  private volatile long nextSweep;

  DatabaseCounters(Database database) {
    this.database = database;
  }

  @Override
  public long increment(String key, long ttlMillis) {
    long now = System.currentTimeMillis();
    try (Connection c = database.dataSource().getConnection()) {
      sweep(c, now);
      try (PreparedStatement ps =
          c.prepareStatement(database.isPostgres() ? POSTGRES_INCREMENT : H2_INCREMENT)) {
        ps.setString(1, key);
        ps.setTimestamp(2, new Timestamp(now + ttlMillis));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 1;
        }
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Cannot count " + key + " in the database; let through", e);
      return 0;
    }
  }

  @Override
  public long get(String key) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT hits FROM rate_counters WHERE counter_key = ? AND expires_at > ?")) {
      ps.setString(1, key);
      ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Cannot read " + key + " from the database", e);
      return 0;
    }
  }

  private void sweep(Connection c, long now) throws SQLException {
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + SWEEP_MS;
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM rate_counters WHERE expires_at < ?")) {
      ps.setTimestamp(1, new Timestamp(now));
      ps.executeUpdate();
    }
  }

  @Override
  public String describe() {
    return "database table rate_counters (cluster-wide)";
  }
}
