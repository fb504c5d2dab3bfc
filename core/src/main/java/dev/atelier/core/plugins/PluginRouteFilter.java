package dev.atelier.core.plugins;

import dev.atelier.core.features.Features;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.Principal;
import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Runs after authentication on every request to a plugin route: answers 403 {@code
 * feature_disabled} when the caller's tenant has the plugin switched off (read live, so a switch
 * holds from the next request on, on every node), and otherwise opens the plugin session the route
 * reads through its context, closed again when the response leaves. A plugin's admin routes ({@code
 * api/v1/admin/<plugin-id>}) answer 403 {@code forbidden} to all but platform superusers signed in
 * themselves, and act on the platform, so the caller's own feature switch does not apply.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class PluginRouteFilter implements ContainerRequestFilter, ContainerResponseFilter {

  @Context ResourceInfo resourceInfo;

  @Inject PluginRoutes routes;
  @Inject Features features;
  @Inject Caller caller;

  @Override
  public void filter(ContainerRequestContext request) {
    PluginSessions.exit();
    HostedPlugin plugin = routes.ownerOf(resourceInfo.getResourceClass());
    if (plugin == null || "OPTIONS".equals(request.getMethod())) {
      return;
    }
    if (!caller.isAuthenticated()) {
      return; // a public route (PublicRoute): it works in the tenant it finds itself
    }
    Principal principal = caller.principal();
    boolean admin = PluginRoutes.adminRoute(resourceInfo.getResourceClass());
    if (admin && (!principal.superuser() || principal.viaApiKey())) {
      throw ProblemException.forbidden("This operation needs a platform superuser.");
    }
    if (!admin && !features.enabled(principal.tenantId(), plugin.id)) {
      throw featureDisabled(plugin.id);
    }
    CallerInfo info =
        new CallerInfo(
            principal.userId(), principal.email(), principal.role(), principal.viaApiKey());
    PluginSessions.enter(
        new HostPluginSession(
            plugin.context,
            principal.tenantId(),
            info,
            principal.superuser() && !principal.viaApiKey()));
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    PluginSessions.exit();
  }

  /** 403 {@code feature_disabled}: the feature {@code key} is off for the caller's workspace. */
  public static ProblemException featureDisabled(String key) {
    return new ProblemException(
        403,
        "feature_disabled",
        "Feature disabled",
        "The feature '" + key + "' is switched off for this workspace.");
  }
}
