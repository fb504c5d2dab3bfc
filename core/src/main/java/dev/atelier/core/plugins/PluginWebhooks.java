package dev.atelier.core.plugins;

import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.webhook.InboundWebhook;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import dev.atelier.plugin.api.webhook.WebhookReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Hands inbound webhooks to the {@link WebhookReceiver}s of the started plugins. */
@ApplicationScoped
public class PluginWebhooks {

  @Inject PluginLifecycle lifecycle;

  /**
   * Delivers {@code webhook} to receiver {@code name} of plugin {@code pluginId} and returns its
   * reply; 404 when no started plugin has such a receiver.
   *
   * @throws IllegalStateException when the receiver answers nothing or a status outside 2xx
   */
  public WebhookReply deliver(String pluginId, String name, InboundWebhook webhook) {
    HostedPlugin p =
        lifecycle.started(pluginId).orElseThrow(() -> ProblemException.notFound("The webhook"));
    WebhookReceiver receiver = p.webhooks.get(name);
    if (receiver == null) {
      throw ProblemException.notFound("The webhook");
    }
    WebhookReply reply = receiver.receive(webhook);
    if (reply == null || reply.status() < 200 || reply.status() > 299) {
      throw new IllegalStateException("Webhook receiver of " + pluginId + " answered " + reply);
    }
    return reply;
  }
}
