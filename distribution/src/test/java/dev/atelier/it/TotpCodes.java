package dev.atelier.it;

import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** TOTP codes (RFC 6238: HMAC-SHA1, six digits, 30 s) as an authenticator app computes them. */
final class TotpCodes {

  private TotpCodes() {}

  /** The current time step. */
  static long now() {
    return System.currentTimeMillis() / 1000 / 30;
  }

  /** The code of base32 {@code secret} for time step {@code step}. */
  static String code(String secret, long step) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(base32(secret), "HmacSHA1"));
    byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    int o = h[h.length - 1] & 0xf;
    int bin =
        ((h[o] & 0x7f) << 24)
            | ((h[o + 1] & 0xff) << 16)
            | ((h[o + 2] & 0xff) << 8)
            | (h[o + 3] & 0xff);
    return String.format("%06d", bin % 1_000_000);
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
