package dev.atelier.core.plugins;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.features.Features;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.OutboundGuard;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The core services behind a plugin's context and sessions: what {@link HostPluginContext}, {@link
 * HostPluginSession} and the objects they hand out (secrets, workspace view, scheduler, events) are
 * built on. Plugins never see this class, only the plugin API's views of it.
 */
@ApplicationScoped
public class PluginServices {

  @Inject Transactions transactions;
  @Inject Features features;
  @Inject MasterKey masterKey;
  @Inject OutboundGuard outbound;
  @Inject Outbox outbox;
  @Inject Projects projects;
  @Inject Instance<AgentChatsSource> agentChats;
  @Inject Instance<BillingBinding> billing;
  @Inject Instance<AgentsBinding> agents;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduledExecutor;

  Transactions transactions() {
    return transactions;
  }

  Features features() {
    return features;
  }

  MasterKey masterKey() {
    return masterKey;
  }

  OutboundGuard outbound() {
    return outbound;
  }

  Outbox outbox() {
    return outbox;
  }

  Projects projects() {
    return projects;
  }

  /** The agent chats of {@code tenantId}; unsupported when no feature offers them. */
  dev.atelier.plugin.api.chat.AgentChats agentChats(String tenantId) {
    if (agentChats.isUnsatisfied()) {
      throw new UnsupportedOperationException("No agent chats in this server");
    }
    return agentChats.get().forTenant(tenantId);
  }

  /** The ledger of {@code tenantId}, when the server meters credits. */
  dev.atelier.plugin.api.agent.PluginAgents agents(String tenantId) {
    if (!agents.isResolvable()) {
      throw new UnsupportedOperationException("This host does not let plugins create agents");
    }
    return agents.get().bind(tenantId);
  }

  /** The ledger of {@code tenantId}; unsupported without metering. */
  dev.atelier.plugin.api.billing.Billing billing(String tenantId) {
    if (!billing.isResolvable()) {
      throw new UnsupportedOperationException("This server does not meter credits.");
    }
    return billing.get().bind(tenantId);
  }

  ManagedScheduledExecutorService scheduledExecutor() {
    return scheduledExecutor;
  }
}
