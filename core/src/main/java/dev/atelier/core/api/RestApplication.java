package dev.atelier.core.api;

import dev.atelier.core.accounts.AuthResource;
import dev.atelier.core.accounts.ConfigResource;
import dev.atelier.core.accounts.UsersResource;
import dev.atelier.core.accounts.providers.IdentitiesResource;
import dev.atelier.core.accounts.providers.SignInProvidersResource;
import dev.atelier.core.admin.AdminResource;
import dev.atelier.core.agentchanges.AgentChangesResource;
import dev.atelier.core.agents.AgentsResource;
import dev.atelier.core.apikeys.ApiKeysResource;
import dev.atelier.core.audit.AuditResource;
import dev.atelier.core.automations.AutomationsResource;
import dev.atelier.core.chat.ChatResource;
import dev.atelier.core.deployments.DeploymentCredentialsResource;
import dev.atelier.core.deployments.DeploymentOAuthResource;
import dev.atelier.core.deployments.DeploymentsResource;
import dev.atelier.core.docs.DocsResource;
import dev.atelier.core.events.EventsAdminResource;
import dev.atelier.core.features.FeaturesResource;
import dev.atelier.core.files.FilesResource;
import dev.atelier.core.git.GitHooksResource;
import dev.atelier.core.git.GitResource;
import dev.atelier.core.gitproviders.GitProvidersResource;
import dev.atelier.core.idempotency.IdempotencyFilter;
import dev.atelier.core.mcp.McpResource;
import dev.atelier.core.metering.PlansAdminResource;
import dev.atelier.core.metering.PlansResource;
import dev.atelier.core.models.ModelProvidersResource;
import dev.atelier.core.plugins.PluginLifecycle;
import dev.atelier.core.plugins.PluginRouteFilter;
import dev.atelier.core.plugins.PluginRoutes;
import dev.atelier.core.plugins.PluginsAdminResource;
import dev.atelier.core.plugins.WebhooksResource;
import dev.atelier.core.projects.ProjectsResource;
import dev.atelier.core.runs.RunsResource;
import dev.atelier.core.runs.UsageResource;
import dev.atelier.core.security.AuthenticationFilter;
import dev.atelier.core.tasks.TasksResource;
import dev.atelier.core.tenancy.InvitationsResource;
import dev.atelier.core.tenancy.TenantsResource;
import dev.atelier.core.tools.ToolsResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JAX-RS application. Resources and providers are listed here rather than scanned, so the
 * request pipeline (body limit, authentication, rate limits, idempotency, problem mapping) is the
 * same known set for every resource; plugin route resources are added as singletons.
 */
@ApplicationPath("/")
@ApplicationScoped
public class RestApplication extends Application {

  /** The core's resource classes. */
  public static final List<Class<?>> RESOURCES =
      List.of(
          AuthResource.class,
          SignInProvidersResource.class,
          IdentitiesResource.class,
          UsersResource.class,
          TenantsResource.class,
          InvitationsResource.class,
          ApiKeysResource.class,
          ProjectsResource.class,
          AgentsResource.class,
          FilesResource.class,
          ToolsResource.class,
          RunsResource.class,
          UsageResource.class,
          ChatResource.class,
          McpResource.class,
          AutomationsResource.class,
          AuditResource.class,
          AdminResource.class,
          PluginsAdminResource.class,
          EventsAdminResource.class,
          FeaturesResource.class,
          WebhooksResource.class,
          ModelProvidersResource.class,
          TasksResource.class,
          GitResource.class,
          GitHooksResource.class,
          AgentChangesResource.class,
          DeploymentsResource.class,
          DeploymentCredentialsResource.class,
          DeploymentOAuthResource.class,
          GitProvidersResource.class,
          PlansResource.class,
          PlansAdminResource.class,
          ConfigResource.class,
          DocsResource.class);

  /** The request pipeline and JSON support. */
  public static final List<Class<?>> PROVIDERS =
      List.of(
          BodyLimitFilter.class,
          ProblemAccept.class,
          EventStreamAccept.class,
          AuthenticationFilter.class,
          PluginRouteFilter.class,
          IdempotencyFilter.class,
          StrictJsonReader.class,
          ProblemMappers.class,
          NoStore.class,
          JsonConfig.class);

  /**
   * Jersey (Payara) answers {@code OPTIONS} with a WADL description of the whole application by
   * default: off, so {@code OPTIONS} says only {@code Allow}. Other JAX-RS runtimes ignore the key.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }

  @Override
  public Set<Class<?>> getClasses() {
    Set<Class<?>> classes = new LinkedHashSet<>(RESOURCES);
    classes.addAll(PROVIDERS);
    return classes;
  }

  /**
   * The route resources of the started plugins: instances, created by each plugin with its context.
   * Start-up has loaded the plugins already; should the JAX-RS runtime ask first, they are loaded
   * now (without the bundled ones, which need the servlet context).
   */
  @Override
  public Set<Object> getSingletons() {
    CDI.current().select(PluginLifecycle.class).get().start(null);
    return new LinkedHashSet<>(CDI.current().select(PluginRoutes.class).get().resources());
  }
}
