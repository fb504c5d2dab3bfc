package dev.atelier.plugin.api.webhook;

/**
 * The answer to a webhook delivery: a 2xx status and an optional JSON or text body.
 *
 * @since 1.0.0
 */
public record WebhookReply(int status, String contentType, String body) {

  /** 204 without a body. */
  public static WebhookReply accepted() {
    return new WebhookReply(204, null, null);
  }

  /** 200 with a JSON body. */
  public static WebhookReply json(String body) {
    return new WebhookReply(200, "application/json", body);
  }
}
