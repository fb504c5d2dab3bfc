package dev.atelier.it;

import dev.atelier.testkit.Api;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Push webhook deliveries as GitHub sends them: its headers, body and signature. */
final class GitHubDeliveries {

  static final String HOOK = "/api/v1/webhooks/git-github/events";

  private GitHubDeliveries() {}

  /** {@code X-Hub-Signature-256} as GitHub computes it: HMAC-SHA256 of the raw body, in hex. */
  static String signature(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts a delivery of {@code event} with GitHub's headers through {@code anon}. */
  static Api.Res deliver(Api anon, String event, String delivery, String body, String signature) {
    return anon.withHeader("X-GitHub-Event", event)
        .withHeader("X-GitHub-Delivery", delivery)
        .withHeader("X-Hub-Signature-256", signature)
        .withHeader("User-Agent", "GitHub-Hookshot/1a2b3c4")
        .send("POST", HOOK, body, "application/json");
  }

  /** The body of a push of {@code after} to {@code branch} of {@code repository} (owner/name). */
  static String push(String repository, String branch, String after) {
    return """
        {"ref":"refs/heads/%s","before":"0000000000000000000000000000000000000000",\
        "after":"%s","repository":{"id":42,"name":"%s","full_name":"%s",\
        "clone_url":"https://github.com/%s.git"},"pusher":{"name":"octo"}}"""
        .formatted(
            branch,
            after,
            repository.substring(repository.indexOf('/') + 1),
            repository,
            repository);
  }
}
