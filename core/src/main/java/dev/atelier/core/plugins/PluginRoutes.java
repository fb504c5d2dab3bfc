package dev.atelier.core.plugins;

import dev.atelier.plugin.api.web.PublicRoute;
import dev.atelier.plugin.api.web.RouteProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The routes plugins contribute: the JAX-RS resources of the started plugins, which the core's
 * {@code RestApplication} mounts and the OpenAPI document describes, and which plugin owns each. A
 * plugin's paths are checked when it starts: under {@code api/v1/}, not a core segment, not another
 * plugin's. The one core segment a plugin may enter is its own admin prefix, {@code
 * api/v1/admin/<plugin-id>}: routes there are for platform superusers only ({@link
 * PluginRouteFilter}), never public.
 */
@ApplicationScoped
public class PluginRoutes {

  /**
   * First path segments under {@code api/v1} that belong to the core. {@code billing} is not one:
   * the core serves {@code billing/plans} and a billing plugin the rest of {@code billing}.
   */
  static final Set<String> CORE_SEGMENTS =
      Set.of(
          "auth",
          "users",
          "tenants",
          "api-keys",
          "projects",
          "audit-events",
          "admin",
          "config",
          "webhooks",
          "agents",
          "agent-changes",
          "runs",
          "chat",
          "tools",
          "model-providers",
          "automations",
          "usage",
          "mcp",
          ".well-known",
          "features",
          "plugins",
          "files",
          "secrets",
          "git",
          "git-providers",
          "tasks",
          "deployments",
          "deployment-credentials",
          "deployment-oauth",
          "invitations");

  @Inject PluginLifecycle lifecycle;

  /** The route resources of the started plugins, in load order. */
  public List<Object> resources() {
    List<Object> out = new ArrayList<>();
    lifecycle.plugins().stream().filter(HostedPlugin::started).forEach(p -> out.addAll(p.routes));
    return out;
  }

  /** The plugin whose route resource class this is, or null for a core resource. */
  public HostedPlugin ownerOf(Class<?> resourceClass) {
    if (resourceClass == null) {
      return null;
    }
    for (HostedPlugin p : lifecycle.plugins()) {
      if (p.started()) {
        for (Object route : p.routes) {
          if (route.getClass() == resourceClass) {
            return p;
          }
        }
      }
    }
    return null;
  }

  /**
   * The route resources of plugin {@code p} from its {@code providers}, checked against the core's
   * paths and those of the plugins started before it ({@code others}).
   *
   * @throws IllegalStateException naming the route that is not a resource or not allowed
   */
  static List<Object> collect(
      HostedPlugin p, List<RouteProvider> providers, Collection<HostedPlugin> others) {
    List<Object> out = new ArrayList<>();
    for (RouteProvider provider : providers) {
      for (Object resource : provider.resources()) {
        Path path = resource.getClass().getAnnotation(Path.class);
        if (path == null) {
          throw new IllegalStateException(
              resource.getClass().getName() + " is not a JAX-RS resource (no @Path)");
        }
        String segment = routeKey(path.value());
        if (segment == null) {
          throw new IllegalStateException(
              "Route " + path.value() + " must be under api/v1/ (e.g. api/v1/" + p.id + ")");
        }
        if (segment.startsWith(ADMIN + "/")) {
          if (!segment.equals(ADMIN + "/" + p.id)) {
            throw new IllegalStateException(
                "Route "
                    + path.value()
                    + " takes a core path (a plugin's admin routes are under"
                    + " api/v1/admin/"
                    + p.id
                    + ")");
          }
          if (resource.getClass().isAnnotationPresent(PublicRoute.class)
              || java.util.Arrays.stream(resource.getClass().getMethods())
                  .anyMatch(m -> m.isAnnotationPresent(PublicRoute.class))) {
            throw new IllegalStateException(
                "Route " + path.value() + " is an admin route: it cannot be public");
          }
        } else if (CORE_SEGMENTS.contains(segment)) {
          throw new IllegalStateException("Route " + path.value() + " takes a core path");
        }
        for (HostedPlugin other : others) {
          if (other != p
              && other.routes.stream()
                  .anyMatch(
                      r ->
                          segment.equals(
                              routeKey(r.getClass().getAnnotation(Path.class).value())))) {
            throw new IllegalStateException(
                "Route " + path.value() + " is taken by plugin " + other.id);
          }
        }
        out.add(resource);
      }
    }
    return List.copyOf(out);
  }

  /** The core segment a plugin's admin routes live under, followed by the plugin's id. */
  static final String ADMIN = "admin";

  /**
   * What a plugin's resource path claims: its first segment after {@code api/v1/}, or {@code
   * admin/<second segment>} under the admin prefix; null when not under {@code api/v1/}.
   */
  static String routeKey(String path) {
    String segment = firstSegment(path);
    if (!ADMIN.equals(segment)) {
      return segment;
    }
    String p = path.startsWith("/") ? path.substring(1) : path;
    String rest = p.substring(("api/v1/" + ADMIN).length());
    if (!rest.startsWith("/") || rest.length() == 1) {
      return ADMIN;
    }
    String second = firstSegment("api/v1" + rest);
    return second == null ? ADMIN : ADMIN + "/" + second;
  }

  /**
   * Whether the resource class {@code type} is a plugin's admin route ({@code api/v1/admin/...}).
   */
  static boolean adminRoute(Class<?> type) {
    Path path = type.getAnnotation(Path.class);
    return path != null && ADMIN.equals(firstSegment(path.value()));
  }

  /** The segment after {@code api/v1/} of a resource path, or null when not under it. */
  static String firstSegment(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (!p.startsWith("api/v1/")) {
      return null;
    }
    String rest = p.substring("api/v1/".length());
    int slash = rest.indexOf('/');
    String segment = slash < 0 ? rest : rest.substring(0, slash);
    return segment.isEmpty() || segment.contains("{") ? null : segment;
  }
}
