package dev.atelier.plugins.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, version {@code v0}: {@code X-Slack-Signature} is {@code v0=} and the
 * hex HMAC-SHA256, keyed with the app's signing secret, of {@code
 * v0:<X-Slack-Request-Timestamp>:<raw body>}; a request more than five minutes from now is refused
 * (a replay).
 */
final class SlackSignature {

  /** How far a request's timestamp may be from now. */
  static final long TOLERANCE_SECONDS = 300;

  private SlackSignature() {}

  /** The signature Slack sends for {@code body} at {@code timestamp}. */
  static String sign(String signingSecret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code timestamp} (Unix seconds) is within the tolerance of {@code now}. */
  static boolean fresh(String timestamp, Instant now) {
    try {
      long at = Long.parseLong(timestamp.trim());
      return Math.abs(now.getEpochSecond() - at) <= TOLERANCE_SECONDS;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Whether {@code signature} is the one of {@code body} at {@code timestamp}, in constant time.
   */
  static boolean valid(String signingSecret, String timestamp, byte[] body, String signature) {
    byte[] expected = sign(signingSecret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
