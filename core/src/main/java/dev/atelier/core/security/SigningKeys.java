package dev.atelier.core.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.atelier.core.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The ES256 keys that sign access tokens. They live in the database (private part encrypted with
 * the master key), so a restart keeps everyone signed in and every node sharing the database signs
 * and verifies with the same keys. A key id unknown to this node is looked up again, at most once a
 * second.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
  private static final String CONTEXT = "signing-key";

  @Inject Database database;
  @Inject MasterKey masterKey;

  private final Map<String, ECKey> keys = new ConcurrentHashMap<>();
  private volatile ECKey current;
  private volatile long lastReload;

  /** Loads the keys, creating the first one if the database has none. */
  public synchronized void start() {
    reload();
    if (current == null) {
      ECKey key = generate();
      insert(key);
      reload();
      LOG.info("Created access-token signing key " + current.getKeyID());
    }
  }

  public ECKey current() {
    return current;
  }

  /** The public key with {@code kid}, looked up again in the database when unknown. */
  public Optional<ECKey> find(String kid) {
    ECKey key = keys.get(kid);
    if (key == null && System.currentTimeMillis() - lastReload > 1000) {
      synchronized (this) {
        reload();
      }
      key = keys.get(kid);
    }
    return Optional.ofNullable(key);
  }

  /** The public keys as a JWK set document. */
  public Map<String, Object> jwks() {
    List<JWK> publics = new ArrayList<>();
    keys.values().stream()
        .sorted(Comparator.comparing(ECKey::getKeyID))
        .forEach(k -> publics.add(k.toPublicJWK()));
    return new JWKSet(publics).toJSONObject(true);
  }

  private ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .keyIDFromThumbprint(true)
          .issueTime(new java.util.Date())
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate an ES256 key", e);
    }
  }

  private void insert(ECKey key) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)")) {
      ps.setString(1, key.getKeyID());
      ps.setString(2, masterKey.encrypt(key.toJSONString(), CONTEXT));
      ps.setTimestamp(3, Timestamp.from(Instant.now()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot store the signing key", e);
    }
  }

  private void reload() {
    lastReload = System.currentTimeMillis();
    ECKey newest = null;
    Instant newestAt = null;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kid, private_jwk, created_at FROM signing_keys WHERE retired_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ECKey key = ECKey.parse(masterKey.decrypt(rs.getString(2), CONTEXT));
        Instant created = rs.getTimestamp(3).toInstant();
        keys.put(rs.getString(1), key);
        if (newestAt == null || created.isAfter(newestAt)) {
          newest = key;
          newestAt = created;
        }
      }
    } catch (SQLException | ParseException e) {
      throw new IllegalStateException("Cannot load the signing keys", e);
    }
    if (newest != null) {
      current = newest;
    }
  }
}
