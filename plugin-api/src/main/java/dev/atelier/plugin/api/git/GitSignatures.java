package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What push webhooks of git hosts are checked with: the hex HMAC-SHA256 of the raw body (GitHub's
 * {@code X-Hub-Signature-256}, Bitbucket's {@code X-Hub-Signature}, both {@code sha256=<hex>}) and
 * a comparison in constant time (GitLab's {@code X-Gitlab-Token} is the secret itself).
 *
 * @since 1.1.0
 */
@Incubating
public final class GitSignatures {

  private GitSignatures() {}

  /**
   * {@code sha256=} and the hex HMAC-SHA256 of {@code body} keyed with {@code secret} (UTF-8).
   *
   * @since 1.1.0
   */
  public static String sha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether {@code given} (surrounding white space ignored) is {@code expected}, compared in
   * constant time; false when either is null or {@code expected} is empty.
   *
   * @since 1.1.0
   */
  public static boolean matches(String expected, String given) {
    if (expected == null || expected.isEmpty() || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.strip().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether {@code header} is the {@link #sha256} signature of {@code body} with {@code secret};
   * false without a secret or a header.
   *
   * @since 1.1.0
   */
  public static boolean validSha256(String secret, byte[] body, String header) {
    if (secret == null || secret.isEmpty() || header == null) {
      return false;
    }
    return matches(sha256(secret, body), header);
  }
}
