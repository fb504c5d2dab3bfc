package dev.atelier.core.mcp;

import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.ratelimit.RateLimiter;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * MCP sessions without server-side state: a session id carries a random part, the negotiated
 * protocol version and its expiry, signed with a key derived from the master key over those and the
 * credential that opened it. Any node that shares the master key can check an id, and an id
 * presented with another credential (another user, workspace or API key) does not check. Ended
 * sessions are remembered until they would have expired, in the rate limiter's store (so across the
 * cluster where its counters are).
 *
 * <p>Form: {@code v1.<random>.<protocol version>.<expiry, epoch seconds>.<signature>}, all visible
 * ASCII as the transport requires.
 */
@ApplicationScoped
public class McpSessions {

  private static final String PURPOSE = "mcp-session";
  private static final String VERSION = "v1";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A checked session: its id, random part, protocol version and end. */
  public record Session(String id, String nonce, String protocolVersion, Instant expiresAt) {}

  @Inject MasterKey masterKey;
  @Inject RateLimiter store;
  @Inject AtelierConfig config;

  /** A new session for {@code principal} speaking {@code protocolVersion}. */
  public Session open(Principal principal, String protocolVersion) {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    String nonce = B64.encodeToString(random);
    Instant expires = Instant.now().plus(config.mcpSessionTtl());
    String body = VERSION + "." + nonce + "." + protocolVersion + "." + expires.getEpochSecond();
    String id = body + "." + signature(body, principal);
    return new Session(id, nonce, protocolVersion, Instant.ofEpochSecond(expires.getEpochSecond()));
  }

  /**
   * The session {@code id} names, when it was opened by {@code principal}'s credential, has not
   * expired and was not ended; empty otherwise (whatever the reason, the client starts anew).
   */
  public Optional<Session> find(Principal principal, String id) {
    if (id == null || id.length() > 200) {
      return Optional.empty();
    }
    String[] parts = id.split("\\.", -1);
    if (parts.length != 5 || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    String body = id.substring(0, id.lastIndexOf('.'));
    byte[] expected = signature(body, principal).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] given = parts[4].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!expires.isAfter(Instant.now()) || store.marked(endedKey(parts[1]))) {
      return Optional.empty();
    }
    return Optional.of(new Session(id, parts[1], parts[2], expires));
  }

  /** Ends {@code session}: its id is refused from now on, on every node that shares the store. */
  public void end(Session session) {
    Duration left = Duration.between(Instant.now(), session.expiresAt());
    if (!left.isNegative() && !left.isZero()) {
      store.mark(endedKey(session.nonce()), left.plusSeconds(1));
    }
  }

  private static String endedKey(String nonce) {
    return PURPOSE + ":" + nonce;
  }

  private String signature(String body, Principal principal) {
    return B64.encodeToString(masterKey.sign(PURPOSE, body + "|" + principal.credentialKey()));
  }
}
