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
   * (say 401 {@code bad_signature}).
   */
  WebhookReply receive(InboundWebhook request);
}
