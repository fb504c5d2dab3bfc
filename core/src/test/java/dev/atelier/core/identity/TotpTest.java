package dev.atelier.core.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

  /** RFC 6238 appendix B's SHA-1 seed. */
  private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesTheTestVectorsOfRfc6238() {
    long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
    String[] codes = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
    for (int i = 0; i < times.length; i++) {
      long step = Totp.step(Instant.ofEpochSecond(times[i]));
      assertEquals(codes[i], Totp.code(SEED, step, 8), "T = " + times[i]);
      // six digits are the last six of the eight
      assertEquals(codes[i].substring(2), Totp.code(SEED, step, 6), "T = " + times[i]);
    }
  }

  @Test
  void matchesTheTestVectorsOfRfc4226() {
    String[] hotp = {"755224", "287082", "359152", "969429", "338314"};
    for (int count = 0; count < hotp.length; count++) {
      assertEquals(hotp[count], Totp.code(SEED, count, 6));
    }
  }

  @Test
  void acceptsOneStepOfDriftAndEachStepOnce() {
    Instant at = Instant.ofEpochSecond(1111111111L);
    long now = Totp.step(at);
    assertEquals(now, Totp.match(SEED, Totp.code(SEED, now, 6), at, -1));
    assertEquals(now - 1, Totp.match(SEED, Totp.code(SEED, now - 1, 6), at, -1));
    assertEquals(now + 1, Totp.match(SEED, Totp.code(SEED, now + 1, 6), at, -1));
    assertEquals(-1, Totp.match(SEED, Totp.code(SEED, now - 2, 6), at, -1));
    assertEquals(-1, Totp.match(SEED, Totp.code(SEED, now + 2, 6), at, -1));
    // used: that step and the ones before it are refused
    assertEquals(-1, Totp.match(SEED, Totp.code(SEED, now, 6), at, now));
    assertEquals(-1, Totp.match(SEED, Totp.code(SEED, now - 1, 6), at, now));
    assertEquals(now + 1, Totp.match(SEED, Totp.code(SEED, now + 1, 6), at, now));
    // malformed
    assertEquals(-1, Totp.match(SEED, null, at, -1));
    assertEquals(-1, Totp.match(SEED, "12345", at, -1));
    assertEquals(-1, Totp.match(SEED, "12345a", at, -1));
    assertEquals(-1, Totp.match(SEED, "1234567", at, -1));
  }

  @Test
  void base32RoundTripsAndMatchesRfc4648() {
    assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("MY", Totp.base32("f".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(SEED));
    assertArrayEquals(SEED, Totp.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
    byte[] secret = Totp.newSecret();
    assertArrayEquals(secret, Totp.fromBase32(Totp.base32(secret)));
  }

  @Test
  void theUriIsWhatAuthenticatorsRead() {
    assertEquals(
        "otpauth://totp/Atelier:ada%40example.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Atelier&algorithm=SHA1&digits=6&period=30",
        Totp.uri("Atelier", "ada@example.test", SEED));
  }
}
