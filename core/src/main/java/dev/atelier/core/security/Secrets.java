package dev.atelier.core.security;

import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens for credentials: URL-safe, unpadded, from a strong source. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHANUMERIC =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private Secrets() {}

  /** {@code bytes} random bytes, base64url without padding. */
  public static String token(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** {@code length} random letters and digits. */
  public static String alphanumeric(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
    }
    return new String(out);
  }
}
