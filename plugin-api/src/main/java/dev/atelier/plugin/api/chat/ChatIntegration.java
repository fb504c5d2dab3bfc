package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;
import org.pf4j.ExtensionPoint;

/**
 * A chat platform (Slack) that agents answer on: posts messages to a conversation with a tenant's
 * bot credentials. Inbound events (mentions, commands) arrive through {@link
 * dev.atelier.plugin.api.webhook.WebhookReceiver}.
 *
 * @since 1.0.0
 */
@Incubating
public interface ChatIntegration extends ExtensionPoint {

  /** The integration id, e.g. {@code slack}. */
  String id();

  /** Posts {@code text} (the platform's markdown) to {@code destination}; returns its id. */
  String post(String botToken, ChatDestination destination, String text) throws ChatException;

  /** Replaces the text of a message posted earlier (to stream an answer). */
  void update(String botToken, ChatDestination destination, String messageId, String text)
      throws ChatException;
}
