package dev.atelier.core.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.web.Check;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  private static boolean accepted(String password, String email) {
    Check check = Check.start();
    PasswordPolicy.check(check, "password", password, email);
    return check.ok();
  }

  @Test
  void acceptsEightToOneHundredTwentyEight() {
    assertTrue(accepted("tolerably-long", null));
    assertTrue(accepted("z".repeat(7) + "q", null));
    assertTrue(accepted("k9".repeat(32), null));
    assertTrue(accepted("k".repeat(128), null));
  }

  @Test
  void refusesShortLongCommonAndOwnEmail() {
    assertFalse(accepted("short", null));
    assertFalse(accepted("k".repeat(129), null));
    assertFalse(accepted("Password123", null));
    assertFalse(accepted("qwertyuiop", null));
    assertFalse(accepted("me@example.com", "ME@example.com"));
    assertFalse(accepted(null, null));
  }

  @Test
  void refusesPasswordsOfOnlySpacesButAllowsSpaces() {
    assertFalse(accepted("        ", null));
    assertFalse(accepted(" \t  \u2003    ", null));
    assertTrue(accepted("correct horse battery", null));
    assertTrue(accepted("  padded secret  ", null));
  }
}
