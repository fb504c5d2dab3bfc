package dev.atelier.plugin.api.webhook;

import org.pf4j.ExtensionPoint;

/**
 * Receives inbound webhooks (Stripe, GitHub, Slack, ...) at {@code POST
 * /api/v1/webhooks/<plugin-id>/<name>}. The call carries no Atelier credential: the receiver checks
 * the sender's signature itself and finds the tenant from the payload (then works in it through
 * {@link dev.atelier.plugin.api.PluginContext#inTenant}). Requests are rate-limited per address and
 * capped in size like every other.
 *
 * @since 1.0.0
 */
public interface WebhookReceiver extends ExtensionPoint {

  /** The last path segment, 1-64 lowercase letters, digits or dashes. */
  String name();

  /**
   * Handles one delivery. Throw {@link dev.atelier.plugin.api.web.ProblemException} to refuse it
   * (400 with a code of your own, say {@code bad_signature}: a sender that signs wrongly made a bad
   * request, it is not an Atelier caller without credentials).
   */
  WebhookReply receive(InboundWebhook request);
}
