package dev.atelier.core.identity;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Login sessions and their refresh tokens. A session is one login; its refresh tokens rotate on
 * every use. Presenting a refresh token that was already used revokes the whole session (the token
 * family), since one of the two holders is not its owner.
 */
@ApplicationScoped
public class Sessions {

  @Inject Database database;
  @Inject MasterKey masterKey;
  @Inject AtelierConfig config;

  /** A new session's id and its first refresh token. */
  public record Started(String sessionId, String refreshToken) {}

  /** The result of presenting a refresh token. */
  public sealed interface Rotation {
    record Rotated(String sessionId, String userId, String tenantId, String refreshToken)
        implements Rotation {}

    record Reused(String sessionId, String userId, String tenantId) implements Rotation {}

    record Invalid() implements Rotation {}
  }

  public Started start(String userId, String tenantId) {
    String sessionId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO auth_sessions (id, user_id, tenant_id, created_at, last_used_at) "
                  + "VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, sessionId);
        ps.setString(2, userId);
        ps.setString(3, tenantId);
        ps.setTimestamp(4, Timestamp.from(now));
        ps.setTimestamp(5, Timestamp.from(now));
        ps.executeUpdate();
      }
      String token = newRefreshToken(c, sessionId, now);
      c.commit();
      return new Started(sessionId, token);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot start a session", e);
    }
  }

  public Rotation rotate(String refreshToken) {
    String hash = masterKey.keyedHash("refresh:" + refreshToken);
    Instant now = Instant.now();
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      String sessionId;
      Timestamp expires;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT session_id, expires_at FROM refresh_tokens WHERE token_hash = ?")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return new Rotation.Invalid();
          }
          sessionId = rs.getString(1);
          expires = rs.getTimestamp(2);
        }
      }
      String userId;
      String tenantId;
      Timestamp revoked;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT user_id, tenant_id, revoked_at FROM auth_sessions WHERE id = ?")) {
        ps.setString(1, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return new Rotation.Invalid();
          }
          userId = rs.getString(1);
          tenantId = rs.getString(2);
          revoked = rs.getTimestamp(3);
        }
      }
      int claimed;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setString(2, hash);
        claimed = ps.executeUpdate();
      }
      if (claimed == 0) {
        revoke(c, sessionId, "refresh_reuse", now);
        c.commit();
        return new Rotation.Reused(sessionId, userId, tenantId);
      }
      if (revoked != null || !expires.toInstant().isAfter(now)) {
        c.rollback();
        return new Rotation.Invalid();
      }
      String token = newRefreshToken(c, sessionId, now);
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE auth_sessions SET last_used_at = ? WHERE id = ?")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setString(2, sessionId);
        ps.executeUpdate();
      }
      c.commit();
      return new Rotation.Rotated(sessionId, userId, tenantId, token);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot rotate the refresh token", e);
    }
  }

  /** Ends one session: its access and refresh tokens stop working at once. */
  public void revoke(String sessionId, String reason) {
    try (Connection c = database.dataSource().getConnection()) {
      revoke(c, sessionId, reason, Instant.now());
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot end the session", e);
    }
  }

  /** Ends every session of a user, except {@code keep} when it is not null. */
  public int revokeAllOf(String userId, String keep, String reason) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? "
                    + "WHERE user_id = ? AND revoked_at IS NULL AND id <> ?")) {
      ps.setTimestamp(1, Timestamp.from(Instant.now()));
      ps.setString(2, reason);
      ps.setString(3, userId);
      ps.setString(4, keep == null ? "" : keep);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot end the sessions", e);
    }
  }

  /** Ends every session of a user in one workspace (they left it or were removed). */
  public int revokeInTenant(String userId, String tenantId, String reason) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? "
                    + "WHERE user_id = ? AND tenant_id = ? AND revoked_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(Instant.now()));
      ps.setString(2, reason);
      ps.setString(3, userId);
      ps.setString(4, tenantId);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot end the sessions", e);
    }
  }

  private void revoke(Connection c, String sessionId, String reason, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? "
                + "WHERE id = ? AND revoked_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, reason);
      ps.setString(3, sessionId);
      ps.executeUpdate();
    }
  }

  private String newRefreshToken(Connection c, String sessionId, Instant now) throws SQLException {
    String token = "atr_" + Secrets.token(32);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?)")) {
      ps.setString(1, masterKey.keyedHash("refresh:" + token));
      ps.setString(2, sessionId);
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setTimestamp(4, Timestamp.from(now.plus(config.refreshTokenTtl())));
      ps.executeUpdate();
    }
    return token;
  }
}
