package dev.atelier.core.identity;

import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One-time tokens sent by mail (e-mail verification, password reset): only their keyed hash is
 * stored, each is bound to its purpose, a user and the address it was sent to, and is used at most
 * once before it expires. They work in the caller's unit of work, so a token exists only when the
 * mail carrying it is queued, and a claim is undone when the rest of its change fails.
 */
@ApplicationScoped
public class AccountTokens {

  /** What a token is for. */
  public enum Purpose {
    VERIFY("verify", "atv_"),
    RESET("reset", "atp_");

    private final String wire;
    private final String prefix;

    Purpose(String wire, String prefix) {
      this.wire = wire;
      this.prefix = prefix;
    }
  }

  /** A claimed token: whose it was and the address it was sent to. */
  public record Claimed(String userId, String email) {}

  @Inject MasterKey masterKey;

  /** A new token for {@code purpose} of {@code userId} sent to {@code email}. */
  public String issue(
      EntityManager em, Purpose purpose, String userId, String email, Duration ttl) {
    String token = purpose.prefix + Secrets.token(32);
    Instant now = Times.now();
    em.createNativeQuery(
            "INSERT INTO account_tokens (token_hash, purpose, user_id, email, created_at,"
                + " expires_at) VALUES (?, ?, ?, ?, ?, ?)")
        .setParameter(1, hash(purpose, token))
        .setParameter(2, purpose.wire)
        .setParameter(3, userId)
        .setParameter(4, email)
        .setParameter(5, Timestamp.from(now))
        .setParameter(6, Timestamp.from(now.plus(ttl)))
        .executeUpdate();
    return token;
  }

  /**
   * Uses {@code token} for {@code purpose}: its user and address when it exists, is unused and has
   * not expired (it is then used), else empty. Any malformed value is simply unknown.
   */
  public Optional<Claimed> claim(EntityManager em, Purpose purpose, String token) {
    if (token == null || token.length() > 100 || !token.startsWith(purpose.prefix)) {
      return Optional.empty();
    }
    String hash = hash(purpose, token);
    Timestamp now = Timestamp.from(Times.now());
    int claimed =
        em.createNativeQuery(
                "UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ?"
                    + " AND used_at IS NULL AND expires_at > ?")
            .setParameter(1, now)
            .setParameter(2, hash)
            .setParameter(3, purpose.wire)
            .setParameter(4, now)
            .executeUpdate();
    if (claimed != 1) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("SELECT user_id, email FROM account_tokens WHERE token_hash = ?")
            .setParameter(1, hash)
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    return rows.stream().findFirst().map(r -> new Claimed((String) r[0], (String) r[1]));
  }

  /** Ends every unused token of {@code userId} for {@code purpose} (a newer one replaces them). */
  public void revokeAll(EntityManager em, Purpose purpose, String userId) {
    em.createNativeQuery(
            "UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ?"
                + " AND used_at IS NULL")
        .setParameter(1, Timestamp.from(Times.now()))
        .setParameter(2, userId)
        .setParameter(3, purpose.wire)
        .executeUpdate();
  }

  private String hash(Purpose purpose, String token) {
    return masterKey.keyedHash("account-token:" + purpose.wire + ":" + token);
  }
}
