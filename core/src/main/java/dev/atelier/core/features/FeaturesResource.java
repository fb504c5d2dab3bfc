package dev.atelier.core.features;

import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.HostedPlugin;
import dev.atelier.core.plugins.PluginLifecycle;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The features (plugins) of the current workspace, and the tenant admin's switch. */
@Path("api/v1/tenants/current/features")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Features")
public class FeaturesResource {

  @Inject Transactions tx;
  @Inject Caller caller;
  @Inject Features features;
  @Inject PluginLifecycle host;
  @Inject Outbox events;
  @Inject Audit audit;

  /** One feature as a workspace sees it. */
  public record FeatureView(
      String key,
      String name,
      String description,
      boolean enabled,
      boolean enabledByDefault,
      boolean tenantCanToggle,
      String source,
      Instant updatedAt) {

    static FeatureView of(HostedPlugin p, Features.State s) {
      return new FeatureView(
          p.id(),
          p.id(),
          p.description(),
          s.enabled(),
          s.enabledByDefault(),
          s.tenantCanToggle(),
          s.source(),
          s.updatedAt());
    }
  }

  /** The list of features. */
  public record FeatureList(List<FeatureView> items) {}

  public record SwitchFeature(Boolean enabled) {}

  @GET
  @Operation(summary = "The features of this workspace: every started plugin, on or off")
  public FeatureList list() {
    String tenantId = caller.tenantId();
    return tx.inPlatform(
        em ->
            new FeatureList(
                host.plugins().stream()
                    .filter(HostedPlugin::started)
                    .map(p -> FeatureView.of(p, features.state(em, tenantId, p.id())))
                    .toList()));
  }

  @PUT
  @Path("{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Switch a feature on or off for this workspace")
  public FeatureView put(@PathParam("key") String key, SwitchFeature body) {
    Check.body(body).required("enabled", body.enabled()).done();
    HostedPlugin plugin =
        host.started(key).orElseThrow(() -> ProblemException.notFound("The feature"));
    String tenantId = caller.tenantId();
    FeatureView view =
        tx.inPlatform(
            em -> {
              Features.State before = features.state(em, tenantId, key);
              if (!before.tenantCanToggle()) {
                throw ProblemException.forbidden(
                    "The feature '" + key + "' is set by the platform for every workspace.");
              }
              TenantFeature own =
                  em.find(TenantFeature.class, new TenantFeature.Key(tenantId, key));
              if (own == null) {
                em.persist(new TenantFeature(tenantId, key, body.enabled()));
              } else {
                own.switchTo(body.enabled());
              }
              em.flush();
              return FeatureView.of(plugin, features.state(em, tenantId, key));
            });
    tx.inTenantDo(tenantId, em -> record(em, key, body.enabled()));
    return view;
  }

  private void record(EntityManager em, String key, boolean enabled) {
    audit.record(em, "feature.switched", "feature", key, "enabled=" + enabled);
    events.publish(
        CoreEvents.FEATURE_CHANGED, caller.tenantId(), key, Map.of("enabled", "" + enabled));
  }
}
