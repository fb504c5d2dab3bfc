package dev.atelier.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void anExpiredTokenIsRefusedOnceTheSkewHasPassed() {
    assertEquals(5, AccessTokens.CLOCK_SKEW_SECONDS, "the documented allowance");
    assertTrue(AccessTokens.inTime(NOW.plusSeconds(60), NOW.minusSeconds(60), NOW));
    assertTrue(AccessTokens.inTime(NOW, null, NOW), "expired just now, within the skew");
    assertTrue(AccessTokens.inTime(NOW.minusSeconds(4), null, NOW));
    assertFalse(AccessTokens.inTime(NOW.minusSeconds(5), null, NOW), "5 s after exp");
    assertFalse(AccessTokens.inTime(NOW.minusSeconds(6), null, NOW));
    assertFalse(AccessTokens.inTime(NOW.minusSeconds(30), null, NOW), "the old 30 s allowance");
  }

  @Test
  void aTokenIssuedInTheFutureIsRefusedBeyondTheSkew() {
    Instant exp = NOW.plusSeconds(900);
    assertTrue(AccessTokens.inTime(exp, NOW.plusSeconds(5), NOW));
    assertFalse(AccessTokens.inTime(exp, NOW.plusSeconds(6), NOW));
  }
}
