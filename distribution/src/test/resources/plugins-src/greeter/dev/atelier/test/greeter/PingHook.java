package dev.atelier.test.greeter;

import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.webhook.InboundWebhook;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import dev.atelier.plugin.api.webhook.WebhookReply;
import org.pf4j.Extension;

/** A webhook that accepts deliveries signed with the header {@code X-Greeter-Signature: good}. */
@Extension
public class PingHook implements WebhookReceiver {

  @Override
  public String name() {
    return "ping";
  }

  @Override
  public WebhookReply receive(InboundWebhook request) {
    if (!"good".equals(request.header("X-Greeter-Signature").orElse(""))) {
      throw new ProblemException(401, "bad_signature", "Bad signature", "The signature is wrong.");
    }
    return WebhookReply.json("{\"received\":" + request.body().length + "}");
  }
}
