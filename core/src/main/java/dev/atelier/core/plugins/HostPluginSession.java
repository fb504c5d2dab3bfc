package dev.atelier.core.plugins;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.billing.Billing;
import dev.atelier.plugin.api.chat.AgentChats;
import dev.atelier.plugin.api.data.PluginData;
import dev.atelier.plugin.api.event.EventPublisher;
import dev.atelier.plugin.api.http.OutboundHttp;
import dev.atelier.plugin.api.schedule.Scheduler;
import dev.atelier.plugin.api.secrets.SecretStore;
import dev.atelier.plugin.api.workspace.Workspace;
import java.util.Optional;

/** One call's session of one plugin in one tenant. */
final class HostPluginSession implements PluginSession {

  private final HostPluginContext context;
  private final String tenantId;
  private final CallerInfo caller;
  private final boolean superuser;

  HostPluginSession(HostPluginContext context, String tenantId, CallerInfo caller) {
    this(context, tenantId, caller, false);
  }

  HostPluginSession(
      HostPluginContext context, String tenantId, CallerInfo caller, boolean superuser) {
    this.context = context;
    this.tenantId = tenantId;
    this.caller = caller;
    this.superuser = superuser;
  }

  String pluginId() {
    return context.pluginId();
  }

  HostPluginContext context() {
    return context;
  }

  @Override
  public String tenantId() {
    return tenantId;
  }

  @Override
  public Optional<CallerInfo> caller() {
    return Optional.ofNullable(caller);
  }

  @Override
  public Workspace workspace() {
    return new WorkspaceView(context.services(), tenantId);
  }

  @Override
  public SecretStore secrets() {
    return new PluginSecrets(context.services(), context.pluginId(), tenantId);
  }

  @Override
  public PluginData data() {
    return new PluginDataUnit(context.plugin(), tenantId);
  }

  @Override
  public OutboundHttp http() {
    return context.services().outbound();
  }

  @Override
  public EventPublisher events() {
    // through the outbox: with the plugin's unit of work in progress, if any
    return (name, subjectId, attributes) ->
        context
            .services()
            .outbox()
            .publish(context.pluginId() + "." + name, tenantId, subjectId, attributes);
  }

  @Override
  public Scheduler scheduler() {
    return new TenantScheduler(context, tenantId);
  }

  @Override
  public AgentChats chats() {
    return context.services().agentChats(tenantId);
  }

  @Override
  public Billing billing() {
    return context.services().billing(tenantId);
  }

  @Override
  public boolean superuser() {
    return superuser;
  }

  @Override
  public dev.atelier.plugin.api.agent.PluginAgents agents() {
    return context.services().agents(tenantId);
  }
}
