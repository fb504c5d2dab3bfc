package dev.atelier.core.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesInPhcFormatWithArgon2id() {
    String hash = hasher.hash("correct horse battery");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
  }

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = hasher.hash("correct horse battery");
    assertTrue(hasher.verify("correct horse battery", hash));
    assertFalse(hasher.verify("correct horse batterY", hash));
    assertFalse(hasher.verify("", hash));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
  }

  @Test
  void refusesMissingAndForeignHashes() {
    assertFalse(hasher.verify("anything", null));
    assertFalse(hasher.verify("anything", "$2a$10$abcdefghijklmnopqrstuv"));
    assertFalse(hasher.verify("anything", "plain"));
  }
}
