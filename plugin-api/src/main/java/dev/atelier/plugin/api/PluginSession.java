package dev.atelier.plugin.api;

import dev.atelier.plugin.api.billing.Billing;
import dev.atelier.plugin.api.data.PluginData;
import dev.atelier.plugin.api.event.EventPublisher;
import dev.atelier.plugin.api.http.OutboundHttp;
import dev.atelier.plugin.api.schedule.Scheduler;
import dev.atelier.plugin.api.secrets.SecretStore;
import dev.atelier.plugin.api.workspace.Workspace;
import java.util.Optional;

/**
 * One call's view of the server: the tenant it acts in, the caller (when a person or API key made
 * the call) and the core services, each already bound to this tenant and this plugin. Valid for the
 * call it was given to; do not keep it.
 *
 * @since 1.0.0
 */
public interface PluginSession {

  /** The tenant (workspace) the call acts in. */
  String tenantId();

  /** Who called, for routes; empty for events, webhooks and scheduled work. */
  Optional<CallerInfo> caller();

  /** The tenant's projects and members, read-only. */
  Workspace workspace();

  /** Encrypted secrets of this plugin in this tenant. */
  SecretStore secrets();

  /** The plugin's own tables, seen through this tenant only. */
  PluginData data();

  /** Outbound HTTP that refuses private and loopback addresses unless the operator allows them. */
  OutboundHttp http();

  /** Publishes events of this plugin in this tenant, delivered after the current work commits. */
  EventPublisher events();

  /** Runs work later in this tenant. */
  Scheduler scheduler();

  /**
   * The tenant's agents and their chats, for plugins that bring agents to a chat platform
   * (incubating). A host without them throws {@link UnsupportedOperationException}.
   *
   * @since 1.1.0
   */
  default dev.atelier.plugin.api.chat.AgentChats chats() {
    throw new UnsupportedOperationException("This host does not offer agent chats to plugins");
  }

  /**
   * The core's credit ledger for this tenant and the platform's plans, for billing plugins. A host
   * without metering throws {@link UnsupportedOperationException}.
   *
   * @since 1.1.0
   */
  @Incubating
  default Billing billing() {
    throw new UnsupportedOperationException("This server does not meter credits.");
  }

  /**
   * Whether the caller is a platform superuser signed in themselves (not through an API key); false
   * without a caller.
   *
   * @since 1.1.0
   */
  default boolean superuser() {
    return false;
  }

  /**
   * The tenant's agents, to validate specs and create agents. A host without them throws {@link
   * UnsupportedOperationException}.
   *
   * @since 1.1.0
   */
  @Incubating
  default dev.atelier.plugin.api.agent.PluginAgents agents() {
    throw new UnsupportedOperationException("This host does not let plugins create agents");
  }
}
