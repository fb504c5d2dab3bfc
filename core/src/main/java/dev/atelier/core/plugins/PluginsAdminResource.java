package dev.atelier.core.plugins;

import dev.atelier.core.features.FeatureSetting;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform's view of plugins and the platform setting of each feature (superusers). */
@Path("api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Administration")
@SuperuserOnly
public class PluginsAdminResource {

  @Inject PluginLifecycle host;
  @Inject Transactions tx;

  /** A plugin found at start-up. */
  public record PluginView(
      String id,
      String version,
      String provider,
      String description,
      String requires,
      String state,
      String error,
      String archive,
      boolean bundled) {}

  public record PluginList(String pluginApiVersion, List<PluginView> items) {}

  /** The platform setting of a feature. */
  public record FeatureSettingView(
      String key, boolean enabledByDefault, boolean tenantCanToggle, Instant updatedAt) {}

  public record FeatureSettingList(List<FeatureSettingView> items) {}

  public record PutFeatureSetting(Boolean enabledByDefault, Boolean tenantCanToggle) {}

  @GET
  @Path("plugins")
  @Operation(summary = "Every plugin found at start-up with its state and, when it failed, why")
  public PluginList plugins() {
    return new PluginList(
        dev.atelier.plugin.api.PluginApi.VERSION,
        host.plugins().stream()
            .map(
                p ->
                    new PluginView(
                        p.id(),
                        p.version(),
                        p.provider(),
                        p.description(),
                        p.requires(),
                        p.state().name(),
                        p.error(),
                        p.archive(),
                        p.bundled()))
            .toList());
  }

  @GET
  @Path("features")
  @Operation(summary = "The platform setting of every feature (started plugin)")
  public FeatureSettingList features() {
    return tx.inPlatform(
        em ->
            new FeatureSettingList(
                host.plugins().stream()
                    .filter(HostedPlugin::started)
                    .map(p -> view(p.id(), em.find(FeatureSetting.class, p.id())))
                    .toList()));
  }

  @PUT
  @Path("features/{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Set whether a feature is on by default and whether workspaces may switch it themselves")
  public FeatureSettingView putFeature(@PathParam("key") String key, PutFeatureSetting body) {
    Check.body(body)
        .required("enabled_by_default", body.enabledByDefault())
        .required("tenant_can_toggle", body.tenantCanToggle())
        .done();
    host.started(key).orElseThrow(() -> ProblemException.notFound("The feature"));
    return tx.inPlatform(
        em -> {
          FeatureSetting s = em.find(FeatureSetting.class, key);
          if (s == null) {
            s = new FeatureSetting(key, body.enabledByDefault(), body.tenantCanToggle());
            em.persist(s);
          } else {
            s.change(body.enabledByDefault(), body.tenantCanToggle());
          }
          return view(key, s);
        });
  }

  private static FeatureSettingView view(String key, FeatureSetting s) {
    return s == null
        ? new FeatureSettingView(key, true, true, null)
        : new FeatureSettingView(key, s.enabledByDefault(), s.tenantCanToggle(), s.updatedAt());
  }
}
