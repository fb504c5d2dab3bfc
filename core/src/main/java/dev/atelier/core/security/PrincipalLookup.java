package dev.atelier.core.security;

import dev.atelier.core.persistence.Database;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a credential to the live {@link Principal} with one indexed query per request: the
 * session must not be revoked, the user not disabled, the membership must still exist, and an API
 * key acts with the lower of its own role and its owner's current role. Revocation and role changes
 * therefore take effect on the next request, on every node.
 */
@ApplicationScoped
public class PrincipalLookup {

  /** {@code atl_live_<prefix>_<secret>} or {@code atl_test_…}. */
  public static final Pattern API_KEY =
      Pattern.compile("^atl_(live|test)_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})$");

  private static final long LAST_USED_RESOLUTION_SECONDS = 60;

  @Inject Database database;
  @Inject MasterKey masterKey;

  /** Why a credential was refused, in words a client may see. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  public Principal forToken(AccessTokens.Claims claims) throws Refused {
    String sql =
        "SELECT u.email, u.disabled, u.superuser, m.role, s.revoked_at, s.tenant_id, "
            + "t.rate_limit_per_minute, u.email_verified, t.require_2fa, u.totp_enabled "
            + "FROM auth_sessions s JOIN users u ON u.id = s.user_id "
            + "JOIN tenants t ON t.id = s.tenant_id "
            + "LEFT JOIN memberships m ON m.tenant_id = s.tenant_id AND m.user_id = s.user_id "
            + "WHERE s.id = ? AND s.user_id = ?";
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, claims.sessionId());
      ps.setString(2, claims.userId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new Refused("The session has ended; sign in again.");
        }
        if (rs.getBoolean(2)) {
          throw new Refused("This account is disabled.");
        }
        if (rs.getTimestamp(5) != null) {
          throw new Refused("The session has ended; sign in again.");
        }
        if (!claims.tenantId().equals(rs.getString(6))) {
          throw new Refused("The access token is not valid.");
        }
        Optional<Role> role = Role.parse(rs.getString(4));
        if (role.isEmpty()) {
          throw new Refused("You are no longer a member of this workspace.");
        }
        return new Principal(
            claims.userId(),
            rs.getString(1),
            claims.tenantId(),
            role.get(),
            rs.getBoolean(3),
            claims.sessionId(),
            null,
            (Integer) rs.getObject(7),
            rs.getBoolean(8),
            rs.getBoolean(9) && !rs.getBoolean(10));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Credential lookup failed", e);
    }
  }

  public Principal forApiKey(String key) throws Refused {
    Matcher m = API_KEY.matcher(key);
    if (!m.matches()) {
      throw new Refused("The API key is not valid.");
    }
    String sql =
        "SELECT k.id, k.tenant_id, k.user_id, k.secret_hash, k.role, k.expires_at, k.revoked_at, "
            + "k.last_used_at, k.mode, u.email, u.disabled, m.role, t.rate_limit_per_minute, "
            + "u.email_verified, t.require_2fa, u.totp_enabled "
            + "FROM api_keys k JOIN users u ON u.id = k.user_id "
            + "JOIN tenants t ON t.id = k.tenant_id "
            + "LEFT JOIN memberships m ON m.tenant_id = k.tenant_id AND m.user_id = k.user_id "
            + "WHERE k.prefix = ?";
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, m.group(2));
      Principal principal;
      String keyId;
      Timestamp lastUsed;
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          masterKey.keyedHash(key); // same work whether or not the prefix exists
          throw new Refused("The API key is not valid.");
        }
        byte[] expected = rs.getString(4).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = masterKey.keyedHash(key).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual) || !m.group(1).equals(rs.getString(9))) {
          throw new Refused("The API key is not valid.");
        }
        if (rs.getTimestamp(7) != null) {
          throw new Refused("The API key has been revoked.");
        }
        Timestamp expires = rs.getTimestamp(6);
        if (expires != null && !expires.toInstant().isAfter(Instant.now())) {
          throw new Refused("The API key has expired.");
        }
        if (rs.getBoolean(11)) {
          throw new Refused("This account is disabled.");
        }
        Optional<Role> owner = Role.parse(rs.getString(12));
        if (owner.isEmpty()) {
          throw new Refused("The key's owner is no longer a member of this workspace.");
        }
        Role keyRole = Role.parse(rs.getString(5)).orElse(Role.VIEWER);
        keyId = rs.getString(1);
        lastUsed = rs.getTimestamp(8);
        principal =
            new Principal(
                rs.getString(3),
                rs.getString(10),
                rs.getString(2),
                Role.min(keyRole, owner.get()),
                false,
                null,
                keyId,
                (Integer) rs.getObject(13),
                rs.getBoolean(14),
                rs.getBoolean(15) && !rs.getBoolean(16));
      }
      Instant now = Instant.now();
      if (lastUsed == null
          || lastUsed.toInstant().plusSeconds(LAST_USED_RESOLUTION_SECONDS).isBefore(now)) {
        try (PreparedStatement up =
            c.prepareStatement("UPDATE api_keys SET last_used_at = ? WHERE id = ?")) {
          up.setTimestamp(1, Timestamp.from(now));
          up.setString(2, keyId);
          up.executeUpdate();
        }
      }
      return principal;
    } catch (SQLException e) {
      throw new IllegalStateException("Credential lookup failed", e);
    }
  }
}
