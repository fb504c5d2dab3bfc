package dev.atelier.core.plugins;

import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.PluginApi;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform's view of plugins and the platform setting of each feature (superusers). */
@Path("api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Administration")
@SuperuserOnly
public class PluginsAdminResource {

  @Inject PluginLifecycle lifecycle;
  @Inject PlatformFeatures features;

  @GET
  @Path("plugins")
  @Operation(
      operationId = "listPlugins",
      summary = "Every plugin found at start-up with its state and, when it failed, why")
  public PluginList plugins() {
    return new PluginList(
        PluginApi.VERSION, lifecycle.plugins().stream().map(PluginView::of).toList());
  }

  @GET
  @Path("features")
  @Operation(
      operationId = "listPlatformFeatures",
      summary = "The platform setting of every feature (started plugin)")
  public FeatureSettingList features() {
    return new FeatureSettingList(features.all());
  }

  @PUT
  @Path("features/{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "putPlatformFeature",
      summary =
          "Set whether a feature is on by default and whether workspaces may switch it themselves")
  public FeatureSettingView putFeature(@PathParam("key") String key, PutFeatureSetting body) {
    Check.body(body)
        .required("enabled_by_default", body.enabledByDefault())
        .required("tenant_can_toggle", body.tenantCanToggle())
        .done();
    return features.set(key, body.enabledByDefault(), body.tenantCanToggle());
  }
}
