package dev.atelier.core.idempotency;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency records in the database. Claiming a key is an INSERT guarded by the primary key, so
 * of two concurrent requests with the same key exactly one proceeds, on any node.
 */
@ApplicationScoped
public class IdempotencyStore {

  static final Duration RETENTION = Duration.ofHours(24);

  /** The body column's size; a larger stored response is not kept (the key is freed instead). */
  private static final int MAX_STORED = 1_000_000;

  @Inject Database database;
  @Inject MasterKey masterKey;

  private volatile long nextPurge;

  /** A stored record. */
  public record Record(
      String requestHash,
      String state,
      Integer status,
      String contentType,
      String location,
      String body,
      Instant createdAt) {
    boolean done() {
      return "done".equals(state);
    }
  }

  /** Claims the key; empty when claimed, otherwise the record that holds it. */
  public Optional<Record> claim(String principal, String key, String requestHash) {
    purgeNowAndThen();
    for (int attempt = 0; attempt < 2; attempt++) {
      try (Connection c = database.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO idempotency_records (principal, idem_key, request_hash, state,"
                      + " created_at) VALUES (?, ?, ?, 'in_flight', ?)")) {
        ps.setString(1, principal);
        ps.setString(2, key);
        ps.setString(3, requestHash);
        ps.setTimestamp(4, Timestamp.from(Instant.now()));
        ps.executeUpdate();
        return Optional.empty();
      } catch (SQLException e) {
        if (!Transactions.isUniqueViolation(e)) {
          throw new IllegalStateException("Cannot claim the idempotency key", e);
        }
      }
      Optional<Record> existing = find(principal, key);
      if (existing.isPresent()
          && existing.get().createdAt().isAfter(Instant.now().minus(RETENTION))) {
        return existing;
      }
      existing.ifPresent(r -> release(principal, key));
    }
    throw new IllegalStateException("Cannot claim the idempotency key");
  }

  /**
   * Stores the response of a claimed key. The body is encrypted with the master key: it may carry a
   * credential shown once (a new API key).
   */
  public void complete(
      String principal, String key, int status, String contentType, String location, String body) {
    String sealed = body == null ? null : masterKey.encrypt(body, context(principal, key));
    if (sealed != null && sealed.length() > MAX_STORED) {
      release(principal, key);
      return;
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE idempotency_records SET state = 'done', status = ?, content_type = ?,"
                    + " location = ?, body = ? WHERE principal = ? AND idem_key = ?")) {
      ps.setInt(1, status);
      ps.setString(2, contentType);
      ps.setString(3, location);
      ps.setString(4, sealed);
      ps.setString(5, principal);
      ps.setString(6, key);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot store the idempotent response", e);
    }
  }

  public void release(String principal, String key) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM idempotency_records WHERE principal = ? AND idem_key = ?")) {
      ps.setString(1, principal);
      ps.setString(2, key);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot release the idempotency key", e);
    }
  }

  private Optional<Record> find(String principal, String key) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT request_hash, state, status, content_type, location, body, created_at"
                    + " FROM idempotency_records WHERE principal = ? AND idem_key = ?")) {
      ps.setString(1, principal);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Record(
                rs.getString(1),
                rs.getString(2),
                (Integer) rs.getObject(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6) == null
                    ? null
                    : masterKey.decrypt(rs.getString(6), context(principal, key)),
                rs.getTimestamp(7).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the idempotency record", e);
    }
  }

  private static String context(String principal, String key) {
    return "idempotency:" + principal + ":" + key;
  }

  private void purgeNowAndThen() {
    long now = System.currentTimeMillis();
    if (now < nextPurge) {
      return;
    }
    nextPurge = now + Duration.ofMinutes(10).toMillis();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM idempotency_records WHERE created_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(Instant.now().minus(RETENTION)));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot purge idempotency records", e);
    }
  }
}
