package dev.atelier.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

  private static byte[] bytes(int value) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private final MasterKey key = MasterKey.of(bytes(7));

  @Test
  void encryptsAndDecryptsWithTheSameContext() {
    String sealed = key.encrypt("s3cret value", "secret:t1:p1:API_TOKEN");
    assertTrue(sealed.startsWith("v1:"));
    assertEquals("s3cret value", key.decrypt(sealed, "secret:t1:p1:API_TOKEN"));
  }

  @Test
  void usesAFreshNonceEachTime() {
    assertNotEquals(key.encrypt("x", "c"), key.encrypt("x", "c"));
  }

  @Test
  void refusesAnotherContextOrKeyOrTampering() {
    String sealed = key.encrypt("s3cret value", "secret:t1:p1:A");
    assertThrows(IllegalStateException.class, () -> key.decrypt(sealed, "secret:t2:p1:A"));
    assertThrows(
        IllegalStateException.class,
        () -> MasterKey.of(bytes(8)).decrypt(sealed, "secret:t1:p1:A"));
    String flipped =
        sealed.substring(0, sealed.length() - 2)
            + (sealed.charAt(sealed.length() - 2) == 'A' ? 'B' : 'A')
            + sealed.charAt(sealed.length() - 1);
    assertThrows(IllegalStateException.class, () -> key.decrypt(flipped, "secret:t1:p1:A"));
  }

  @Test
  void keyedHashIsStableAndKeyed() {
    assertEquals(key.keyedHash("atl_live_x"), key.keyedHash("atl_live_x"));
    assertEquals(64, key.keyedHash("atl_live_x").length());
    assertNotEquals(key.keyedHash("atl_live_x"), MasterKey.of(bytes(8)).keyedHash("atl_live_x"));
  }

  @Test
  void refusesShortKeys() {
    assertThrows(IllegalStateException.class, () -> MasterKey.of(new byte[16]));
  }
}
