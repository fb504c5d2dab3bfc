package dev.atelier.core.plugins;

import dev.atelier.plugin.api.chat.AgentChats;

/**
 * Where the plugin host gets the {@link AgentChats} it hands plugins ({@code
 * PluginSession.chats()}): implemented by the chat feature, which sits above the plugin host (the
 * host names no feature it serves).
 */
public interface AgentChatsSource {

  /** The agents and chats of tenant {@code tenantId}, as a plugin sees them. */
  AgentChats forTenant(String tenantId);
}
