package dev.atelier.core.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies access tokens: compact JWTs signed with ES256, carrying {@code kid}, {@code
 * iss}, {@code aud}, {@code sub}, {@code exp}, the tenant ({@code tid}), the login session ({@code
 * sid}) and the role as MicroProfile JWT {@code groups}.
 *
 * <p>Verifying an ES256 signature is the most expensive part of an authenticated request, so a
 * token that verified once is remembered until it expires (bounded cache, keyed by the exact token
 * text). That is safe because a cached entry only says "this text was signed by us with these
 * claims"; whether the session, user and role are still live is checked on every request (see
 * {@link AuthenticationFilter}).
 */
@ApplicationScoped
public class AccessTokens {

  private static final int CACHE_LIMIT = 50_000;

  /**
   * How far the clocks of the server and of whoever checks a token may disagree: a token is taken
   * until this long after its {@code exp}, and one issued up to this long in the future.
   */
  static final long CLOCK_SKEW_SECONDS = 5;

  @Inject AtelierConfig config;
  @Inject SigningKeys signingKeys;

  private final Map<String, Claims> verified = new ConcurrentHashMap<>();

  /** The facts an access token carries. */
  public record Claims(
      String userId, String tenantId, String sessionId, List<String> groups, Instant expiresAt) {}

  public String issue(
      String userId,
      String email,
      String tenantId,
      String sessionId,
      Role role,
      boolean superuser) {
    ECKey key = signingKeys.current();
    Instant now = Instant.now();
    List<String> groups = new ArrayList<>(List.of(role.wire()));
    if (superuser) {
      groups.add("superuser");
    }
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(config.jwtIssuer())
            .audience(config.jwtAudience())
            .subject(userId)
            .claim("upn", email)
            .claim("tid", tenantId)
            .claim("sid", sessionId)
            .claim("groups", groups)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(config.accessTokenTtl())))
            .jwtID(UUID.randomUUID().toString())
            .build();
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign an access token", e);
    }
  }

  public long ttlSeconds() {
    return config.accessTokenTtl().toSeconds();
  }

  /** The claims of a valid token, or empty when the signature, issuer, audience or time fail. */
  public Optional<Claims> verify(String token) {
    Instant now = Instant.now();
    Claims cached = verified.get(token);
    if (cached != null) {
      if (inTime(cached.expiresAt(), null, now)) {
        return Optional.of(cached);
      }
      verified.remove(token);
      return Optional.empty();
    }
    Optional<Claims> claims = verifySignatureAndClaims(token, now);
    claims.ifPresent(
        c -> {
          if (verified.size() >= CACHE_LIMIT) {
            evictExpired(now);
          }
          if (verified.size() < CACHE_LIMIT) {
            verified.put(token, c);
          }
        });
    return claims;
  }

  /**
   * Whether a token that expires at {@code exp} and was issued at {@code issuedAt} (null: not said)
   * may be used at {@code now}, allowing {@link #CLOCK_SKEW_SECONDS} either way.
   */
  static boolean inTime(Instant exp, Instant issuedAt, Instant now) {
    if (!exp.plusSeconds(CLOCK_SKEW_SECONDS).isAfter(now)) {
      return false;
    }
    return issuedAt == null || !issuedAt.isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS));
  }

  private void evictExpired(Instant now) {
    verified.values().removeIf(c -> !inTime(c.expiresAt(), null, now));
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
    }
  }

  private Optional<Claims> verifySignatureAndClaims(String token, Instant now) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
        return Optional.empty();
      }
      String kid = jwt.getHeader().getKeyID();
      if (kid == null) {
        return Optional.empty();
      }
      Optional<ECKey> key = signingKeys.find(kid);
      if (key.isEmpty() || !jwt.verify(new ECDSAVerifier(key.get().toECPublicKey()))) {
        return Optional.empty();
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (!config.jwtIssuer().equals(c.getIssuer())
          || c.getAudience() == null
          || !c.getAudience().contains(config.jwtAudience())
          || c.getExpirationTime() == null
          || c.getSubject() == null) {
        return Optional.empty();
      }
      Instant exp = c.getExpirationTime().toInstant();
      if (!inTime(exp, c.getIssueTime() == null ? null : c.getIssueTime().toInstant(), now)) {
        return Optional.empty();
      }
      String tid = c.getStringClaim("tid");
      String sid = c.getStringClaim("sid");
      List<String> groups = c.getStringListClaim("groups");
      if (tid == null || sid == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Claims(c.getSubject(), tid, sid, groups == null ? List.of() : groups, exp));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
